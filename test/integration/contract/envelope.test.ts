import { CreateKeyCommand } from '@aws-sdk/client-kms';
import { kms } from '../../../adapters/aws/clients';
import { kmsEnvelope } from '../../../adapters/aws/envelope';
import { fixedTenantKeys } from '../../../adapters/aws/tenant-keys';
import { envelopeContract } from '../../contract/envelope.contract';
import { uniqueName } from '../../support/unique';

const newKey = async (description: string) =>
  (await kms.send(new CreateKeyCommand({ Description: uniqueName(description) }))).KeyMetadata!.Arn!;

envelopeContract('KMS', async () => {
  const [platformKey, tenantKey] = await Promise.all([
    newKey('contract platform'),
    newKey('contract tenant'),
  ]);
  return {
    envelope: kmsEnvelope({
      keyId: platformKey,
      tenantKeys: fixedTenantKeys(new Map([['clinic-dedicated', tenantKey]])),
    }),
    dedicatedTenant: 'clinic-dedicated',
    sharedTenant: 'clinic-shared',
  };
});
