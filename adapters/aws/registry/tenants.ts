import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../../../core/errors';
import type { Page, TenantStore } from '../../../core/ports';
import type { Tenant } from '../../../core/tenancy';
import { decodeCursor, encodeCursor } from './cursor';
import { type StoreDocuments, documents as sharedDocuments, storeDocuments } from './document-client';
import { stripKeys as strip } from './items';
import { INDEX, keys } from './keys';

export function tenantStore(tableName: string, given: StoreDocuments = sharedDocuments): TenantStore {
  // A tenant's own item may be read through a session of that tenant (the lanes read its tier);
  // creating and listing span tenants, which only the tenants function does, with its own role.
  const { forTenant, own: documents } = storeDocuments(given);
  return {
    /** Creates a tenant; a second create with the same id is a conflict, never an overwrite. */
    async create(tenant: Tenant): Promise<void> {
      try {
        await documents.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...keys.tenant(tenant.id), gsi1pk: 'TENANTS', gsi1sk: tenant.id, ...tenant },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) {
          throw new ConflictError(`Tenant ${tenant.id} already exists.`);
        }
        throw error;
      }
    },

    async get(tenantId: string): Promise<Tenant | undefined> {
      const { Item } = await forTenant(tenantId).send(
        new GetCommand({ TableName: tableName, Key: keys.tenant(tenantId), ConsistentRead: true }),
      );
      return Item ? strip<Tenant>(Item) : undefined;
    },

    async list(limit: number, cursor?: string): Promise<Page<Tenant>> {
      const { Items, LastEvaluatedKey } = await documents.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: INDEX.byCollection,
          KeyConditionExpression: 'gsi1pk = :p',
          ExpressionAttributeValues: { ':p': 'TENANTS' },
          Limit: limit,
          ExclusiveStartKey: decodeCursor(cursor, { name: 'gsi1pk', value: 'TENANTS' }),
        }),
      );
      return { items: (Items ?? []).map((i) => strip<Tenant>(i)), cursor: encodeCursor(LastEvaluatedKey) };
    },
  };
}
