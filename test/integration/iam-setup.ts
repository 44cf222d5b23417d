import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, expect, inject } from 'vitest';
import type { DeployedModel } from '../support/iam/deployed';
import { readDeployedModel, writeDeployedModel } from '../support/iam/model-file';
import { recordedCalls, startRecording } from '../support/iam/recorder';
import { roundTripsPerRequest } from '../support/iam/round-trips';
import { standIns } from '../support/iam/stand-ins';

/*
 * The IAM harness, per test file: every AWS call the platform's code makes in this file is
 * recorded (test/support/iam/recorder.ts), and after the file's tests it is evaluated against the
 * synthesized stack's policies of the role that would make it deployed. A call that would be
 * denied fails this file, naming function, action, resource, reason and the test that made it.
 * The evaluator is loaded only by files whose platform made calls.
 */
startRecording(() => {
  const { testPath, currentTestName } = expect.getState();
  const file = testPath?.replace(`${process.cwd()}/`, '') ?? 'unknown file';
  return `${file} > ${currentTestName ?? '(hooks)'}`;
});

/**
 * The run's model, or, when this file's platform has dedicated tenant keys, one synthesized with
 * those tenants (`vivified:dedicatedKeyTenants`), since their key grants name the tenant.
 */
async function modelFor(dedicated: readonly string[]): Promise<DeployedModel> {
  if (dedicated.length === 0) return readDeployedModel(inject('iamModel'));
  return readDeployedModel(await writeDeployedModel({ 'vivified:dedicatedKeyTenants': dedicated.join(',') }));
}

afterAll(async () => {
  const calls = recordedCalls();
  if (calls.length === 0) return;
  const roundTrips = inject('roundTripsDir');
  const requests = roundTripsPerRequest(calls);
  if (roundTrips && requests.length > 0) {
    const file = relative(process.cwd(), expect.getState().testPath ?? 'unknown')
      .replaceAll('/', '_')
      .replace(/\.ts$/, '.json');
    writeFileSync(join(roundTrips, file), JSON.stringify(requests));
  }
  const names = standIns();
  const dedicated = [
    ...new Set([...names.values()].filter((p) => p.startsWith('tenantKey:')).map((p) => p.slice(10))),
  ];
  const { describeFinding, evaluateCalls } = await import('../support/iam/evaluate');
  const findings = await evaluateCalls(calls, await modelFor(dedicated), names);
  if (findings.length === 0) return;
  const lines = [...new Set(findings.map(describeFinding))];
  throw new Error(
    `The deployed stack would refuse ${lines.length} of the AWS calls this file's platform made (IAM harness, docs/deploy.md):\n  ${lines.join('\n  ')}`,
  );
}, 120_000);
