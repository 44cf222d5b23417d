import { DescribeKeyCommand } from '@aws-sdk/client-kms';
import { describe, expect, it } from 'vitest';
import { kms } from '../../../adapters/aws/clients';
import { documents } from '../../../adapters/aws/registry/document-client';
import { registryTenantKeys } from '../../../adapters/aws/tenant-keys';
import { provisionDevResources } from '../../../cli/dev/resources';
import { uniqueName } from '../../support/unique';

describe('vivified dev with dedicated-key tenants', () => {
  it('gives each such tenant a key under the deployed alias, records it in the registry, and finds the same key on the next start', async () => {
    const prefix = uniqueName('devkeys', 30);

    const first = await provisionDevResources(prefix, ['hospital-a']);
    const again = await provisionDevResources(prefix, ['hospital-a']);

    const keyArn = first.tenantKeys.get('hospital-a')!;
    expect(keyArn).toMatch(/^arn:aws:kms:.+:key\//);
    expect(keyArn).not.toBe(first.platformKeyArn);
    expect(again.tenantKeys).toEqual(first.tenantKeys);
    const { KeyMetadata } = await kms.send(
      new DescribeKeyCommand({ KeyId: `alias/${prefix}/tenants/hospital-a` }),
    );
    expect(KeyMetadata!.Arn).toBe(keyArn);
    // Recorded in the registry as deploy records it, where the functions look it up.
    const lookup = registryTenantKeys({ tableName: first.tableName, documents });
    expect(await lookup.keyOf('hospital-a')).toBe(keyArn);
  });

  it('refuses a dedicated-key tenant that is not a tenant id', async () => {
    await expect(provisionDevResources(uniqueName('devkeys', 30), ['Hospital A'])).rejects.toThrow(
      /"Hospital A" is not a tenant id/,
    );
  });
});
