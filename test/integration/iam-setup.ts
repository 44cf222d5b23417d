import { afterAll, expect, inject } from 'vitest';
import { describeFinding, evaluateCalls } from '../support/iam/evaluate';
import { readDeployedModel } from '../support/iam/model-file';
import { recordedCalls, startRecording } from '../support/iam/recorder';
import { standIns } from '../support/iam/stand-ins';

/*
 * The IAM harness, per test file: every AWS call the platform's code makes in this file is
 * recorded (test/support/iam/recorder.ts), and after the file's tests it is evaluated against the
 * synthesized stack's policies of the role that would make it deployed. A call that would be
 * denied fails this file, naming function, action, resource, reason and the test that made it.
 */
startRecording(() => {
  const { testPath, currentTestName } = expect.getState();
  const file = testPath?.replace(`${process.cwd()}/`, '') ?? 'unknown file';
  return `${file} > ${currentTestName ?? '(hooks)'}`;
});

afterAll(async () => {
  const calls = recordedCalls();
  if (calls.length === 0) return;
  const findings = await evaluateCalls(calls, readDeployedModel(inject('iamModel')), standIns());
  if (findings.length === 0) return;
  const lines = [...new Set(findings.map(describeFinding))];
  throw new Error(
    `The deployed stack would refuse ${lines.length} of the AWS calls this file's platform made (IAM harness, docs/deploy.md):\n  ${lines.join('\n  ')}`,
  );
}, 120_000);
