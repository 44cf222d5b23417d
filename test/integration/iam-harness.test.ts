import { describe, expect, inject, it } from 'vitest';
import { selfService } from '../../functions/lanes/self/api';
import { call } from '../support/api';
import { testPlatform } from '../support/control-plane';
import { describeFinding, evaluateCalls } from '../support/iam/evaluate';
import { readDeployedModel } from '../support/iam/model-file';
import { recordedCalls } from '../support/iam/recorder';
import { standIns } from '../support/iam/stand-ins';
import { withoutGrant } from '../support/iam/without-grant';
import { notifierManifest } from '../support/manifests';
import { seedTenant } from '../support/seed';

// The harness (test/integration/iam-setup.ts) passes every other file only if it can fail: here
// the calls real handlers make are evaluated against the synthesized stack as it is, then with
// one grant taken out of a role, which must deny exactly the calls that needed it.
describe('the IAM harness', () => {
  const deployed = readDeployedModel(inject('iamModel'));

  it('denies the calls a role no longer allows once one grant is removed from it, naming function, action and resource', async () => {
    const platform = await testPlatform();
    const before = recordedCalls().length;
    const tenant = await seedTenant(platform, 'clinic-h', [notifierManifest()]);
    const lane = selfService(platform.lanePlane, {
      credentials: platform.credentials,
      operatorKeys: () => ({ keys: [] }),
    });
    expect((await call(lane, 'GET', '/v1/self/config', { token: tenant.credentials.notifier })).status).toBe(
      200,
    );
    const calls = recordedCalls().slice(before);

    expect(await evaluateCalls(calls, deployed, standIns())).toEqual([]);

    // The installations function without dynamodb:PutItem: installing cannot write the installation.
    const installations = deployed.functions.installations.role;
    const noPut = (
      await evaluateCalls(calls, withoutGrant(deployed, installations, 'dynamodb:PutItem'), standIns())
    ).map(describeFinding);
    expect(noPut.length).toBeGreaterThan(0);
    for (const line of noPut) {
      expect(line).toMatch(
        /^installations: dynamodb:PutItem on arn:aws:dynamodb:us-east-1:111122223333:table\/RegistryTable\w+ — ImplicitlyDenied: implicit deny: no statement of the identity policy allows it \[DynamoDB:\w+ in test\/integration\/iam-harness\.test\.ts > /,
      );
    }

    // The tenant data role without dynamodb:GetItem: the lane's session cannot read its installation.
    const noRead = (
      await evaluateCalls(
        calls,
        withoutGrant(deployed, deployed.parts.tenantDataRole, 'dynamodb:GetItem'),
        standIns(),
      )
    ).map(describeFinding);
    expect(noRead).toContainEqual(
      expect.stringMatching(
        /^self \(session tenant-clinic-h of RegistryTenantData\w+\): dynamodb:GetItem on .*table\/RegistryTable\w+ — ImplicitlyDenied/,
      ),
    );
    expect(noRead.every((line) => line.startsWith('self (session tenant-clinic-h'))).toBe(true);
  });
});
