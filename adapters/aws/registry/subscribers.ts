import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../../../core/errors';
import type { ExternalSubscriber, SubscriberStore } from '../../../core/ports';
import { TENANT_PARTITION_PREFIX } from '../deploy-contract';
import { type StoreDocuments, documents as sharedDocuments, storeDocuments } from './document-client';
import { stripKeys } from './items';

// Kept in the tenant's partition beside its installations: `SUBSCRIBER#<id>`.
const key = (tenantId: string, subscriberId: string) => ({
  pk: `${TENANT_PARTITION_PREFIX}${tenantId}`,
  sk: `SUBSCRIBER#${subscriberId}`,
});

export function subscriberStore(
  tableName: string,
  /** The client each tenant's items go through (its tenant-scoped session, in the lanes). */
  given: StoreDocuments = sharedDocuments,
): SubscriberStore {
  const { forTenant } = storeDocuments(given);
  return {
    async create(subscriber: ExternalSubscriber): Promise<void> {
      try {
        await forTenant(subscriber.tenantId).send(
          new PutCommand({
            TableName: tableName,
            Item: { ...key(subscriber.tenantId, subscriber.subscriberId), ...subscriber },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException)
          throw new ConflictError(`Subscriber ${subscriber.subscriberId} exists.`);
        throw error;
      }
    },

    async get(tenantId: string, subscriberId: string): Promise<ExternalSubscriber | undefined> {
      const { Item } = await forTenant(tenantId).send(
        new GetCommand({ TableName: tableName, Key: key(tenantId, subscriberId), ConsistentRead: true }),
      );
      return Item ? stripKeys<ExternalSubscriber>(Item) : undefined;
    },

    /** All of a tenant's external subscribers (few per tenant; one page). */
    async list(tenantId: string): Promise<ExternalSubscriber[]> {
      const { Items } = await forTenant(tenantId).send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: {
            ':pk': `${TENANT_PARTITION_PREFIX}${tenantId}`,
            ':prefix': 'SUBSCRIBER#',
          },
        }),
      );
      return (Items ?? []).map((i) => stripKeys<ExternalSubscriber>(i));
    },

    async remove(tenantId: string, subscriberId: string): Promise<void> {
      await forTenant(tenantId).send(
        new DeleteCommand({ TableName: tableName, Key: key(tenantId, subscriberId) }),
      );
    },
  };
}
