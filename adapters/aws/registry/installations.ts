import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ConcurrentModificationError, ConflictError, NotFoundError } from '../../../core/errors';
import type { Installation } from '../../../core/installation/types';
import type { InstallationState } from '../../../core/lifecycle';
import type { InstallationStore, Page } from '../../../core/ports';
import { decodeCursor, encodeCursor } from './cursor';
import { type StoreDocuments, documents as sharedDocuments, storeDocuments } from './document-client';
import { stripKeys } from './items';
import { INDEX, keys } from './keys';

const item = (installation: Installation) => ({
  ...keys.installation(installation.tenantId, installation.pluginId),
  gsi1pk: `INSTALLED#${installation.pluginId}`,
  gsi1sk: installation.tenantId,
  gsi2pk: `STATE#${installation.state}`,
  gsi2sk: `${installation.tenantId}#${installation.pluginId}`,
  ...installation,
});

/** Which of a transaction's conditions failed, from DynamoDB's cancellation reasons. */
const failedConditions = (error: TransactionCanceledException) =>
  (error.CancellationReasons ?? []).map((reason) => reason.Code === 'ConditionalCheckFailed');

export function installationStore(
  tableName: string,
  /** A tenant-scoped session per tenant in the lanes: see storeDocuments for what stays on the own role. */
  given: StoreDocuments = sharedDocuments,
): InstallationStore {
  const { forTenant, own: documents } = storeDocuments(given);
  return {
    /**
     * Records a new installation and counts it on the plugin entry in one transaction: the plugin
     * version must exist and be available, and the tenant must not have this plugin already.
     */
    async create(installation: Installation): Promise<void> {
      try {
        await documents.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: tableName,
                  Item: item(installation),
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              {
                Update: {
                  TableName: tableName,
                  Key: keys.plugin(installation.pluginId),
                  UpdateExpression: 'ADD installationCount :one',
                  ConditionExpression: 'attribute_exists(pk) AND #s = :available',
                  ExpressionAttributeNames: { '#s': 'status' },
                  ExpressionAttributeValues: { ':one': 1, ':available': 'available' },
                },
              },
              {
                ConditionCheck: {
                  TableName: tableName,
                  Key: keys.pluginVersion(installation.pluginId, installation.pluginVersion),
                  ConditionExpression: 'attribute_exists(pk)',
                },
              },
            ],
          }),
        );
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const [exists, unavailable, noVersion] = failedConditions(error);
        if (exists)
          throw new ConflictError(`Plugin ${installation.pluginId} is already installed for this tenant.`);
        if (noVersion)
          throw new NotFoundError(
            `Plugin ${installation.pluginId}@${installation.pluginVersion} is not in the catalog.`,
          );
        if (unavailable)
          throw new NotFoundError(`Plugin ${installation.pluginId} is not available in the catalog.`);
        throw new ConcurrentModificationError('The catalog changed during installation; retry.');
      }
    },

    async get(tenantId: string, pluginId: string): Promise<Installation | undefined> {
      const { Item } = await forTenant(tenantId).send(
        new GetCommand({
          TableName: tableName,
          Key: keys.installation(tenantId, pluginId),
          ConsistentRead: true,
        }),
      );
      return Item ? stripKeys<Installation>(Item) : undefined;
    },

    async list(tenantId: string, limit: number, cursor?: string): Promise<Page<Installation>> {
      const pk = keys.tenant(tenantId).pk;
      const { Items, LastEvaluatedKey } = await forTenant(tenantId).send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': pk, ':prefix': 'INSTALLATION#' },
          Limit: limit,
          ExclusiveStartKey: decodeCursor(cursor, { name: 'pk', value: pk }),
        }),
      );
      return {
        items: (Items ?? []).map((i) => stripKeys<Installation>(i)),
        cursor: encodeCursor(LastEvaluatedKey),
      };
    },

    /** Every installation in a state, across tenants (the health schedule walks the Active ones). */
    async *inState(state: InstallationState): AsyncGenerator<Installation> {
      let start: Record<string, unknown> | undefined;
      do {
        const { Items, LastEvaluatedKey } = await documents.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: INDEX.byState,
            KeyConditionExpression: 'gsi2pk = :state',
            ExpressionAttributeValues: { ':state': `STATE#${state}` },
            ExclusiveStartKey: start,
          }),
        );
        for (const i of Items ?? []) yield stripKeys<Installation>(i);
        start = LastEvaluatedKey;
      } while (start);
    },

    /**
     * Writes `next` only if the stored revision is still `next.rev - 1`: optimistic concurrency,
     * so of two concurrent changes exactly one wins and the other learns it lost.
     */
    async save(next: Installation): Promise<Installation> {
      try {
        await forTenant(next.tenantId).send(
          new PutCommand({
            TableName: tableName,
            Item: item(next),
            ConditionExpression: '#rev = :expected',
            ExpressionAttributeNames: { '#rev': 'rev' },
            ExpressionAttributeValues: { ':expected': next.rev - 1 },
          }),
        );
        return next;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) {
          throw new ConcurrentModificationError(
            `Installation ${next.pluginId} was changed by someone else; reload and retry.`,
          );
        }
        throw error;
      }
    },

    /** Removes the installation (at the revision read) and uncounts it on the plugin, atomically. */
    async remove(current: Installation): Promise<void> {
      try {
        await documents.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Delete: {
                  TableName: tableName,
                  Key: keys.installation(current.tenantId, current.pluginId),
                  ConditionExpression: '#rev = :rev',
                  ExpressionAttributeNames: { '#rev': 'rev' },
                  ExpressionAttributeValues: { ':rev': current.rev },
                },
              },
              {
                Update: {
                  TableName: tableName,
                  Key: keys.plugin(current.pluginId),
                  UpdateExpression: 'ADD installationCount :minusOne',
                  ExpressionAttributeValues: { ':minusOne': -1 },
                },
              },
            ],
          }),
        );
      } catch (error) {
        if (error instanceof TransactionCanceledException) {
          throw new ConcurrentModificationError(
            `Installation ${current.pluginId} was changed by someone else; retry.`,
          );
        }
        throw error;
      }
    },
  };
}
