import type { IKey } from 'aws-cdk-lib/aws-kms';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { TENANT_KEY_SORT_KEY, TENANT_PARTITION_PREFIX } from '../../adapters/aws/deploy-contract';
import type { Registry } from './registry';

export interface TenantKeyRecordsProps {
  /** The registry the functions look tenants' keys up in. */
  readonly registry: Registry;
  /** The dedicated keys by tenant id (HostKeys.tenantKeys). */
  readonly tenantKeys: ReadonlyMap<string, IKey>;
}

/**
 * Records each dedicated tenant key in the registry at deploy (the item `TENANT#<id>` / `KEY`
 * holding the key's ARN), where the functions look it up and cache it
 * (adapters/aws/tenant-keys.ts). Before, the ARNs travelled in a Lambda environment variable,
 * whose 4 KB ran out at a few dozen tenants. A record is written on create and on every update;
 * it stays when its tenant leaves the context, as the key does, since the values sealed under the
 * key are still the tenant's.
 */
export class TenantKeyRecords extends Construct {
  constructor(scope: Construct, id: string, props: TenantKeyRecordsProps) {
    super(scope, id);
    const table = props.registry.table;
    for (const [tenant, key] of props.tenantKeys) {
      const putItem = {
        service: 'DynamoDB',
        action: 'putItem',
        parameters: {
          TableName: table.tableName,
          Item: {
            pk: { S: `${TENANT_PARTITION_PREFIX}${tenant}` },
            sk: { S: TENANT_KEY_SORT_KEY },
            keyArn: { S: key.keyArn },
          },
        },
        physicalResourceId: PhysicalResourceId.of(
          `${TENANT_PARTITION_PREFIX}${tenant}/${TENANT_KEY_SORT_KEY}`,
        ),
      };
      new AwsCustomResource(this, `Tenant-${tenant}`, {
        onCreate: putItem,
        onUpdate: putItem,
        // The deploy-time function may put only this tenant's items, using the table's key for it.
        policy: AwsCustomResourcePolicy.fromStatements(props.registry.keyRecordStatements(tenant)),
        installLatestAwsSdk: false,
      });
    }
  }
}
