import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ConcurrentModificationError } from '../../../core/errors';
import type { RolloutStore } from '../../../core/ports';
import { FINISHED_PHASES, type Rollout } from '../../../core/rollout';
import { documents as shared } from './document-client';
import { stripKeys } from './items';
import { INDEX, keys } from './keys';

/** The collection running rollouts are listed under in gsi1; a finished one leaves it (a sparse index). */
const RUNNING = 'ROLLOUTS';

/**
 * The latest rollout of each plugin, an item in the plugin's own catalog partition: the catalog
 * function's access to that partition covers it, and deleting the plugin deletes it too.
 */
export function rolloutStore(tableName: string, documents: DynamoDBDocumentClient = shared): RolloutStore {
  return {
    async get(pluginId) {
      const { Item } = await documents.send(
        new GetCommand({ TableName: tableName, Key: keys.rollout(pluginId), ConsistentRead: true }),
      );
      return Item ? stripKeys<Rollout>(Item) : undefined;
    },

    async save(next) {
      const running = FINISHED_PHASES.includes(next.phase)
        ? {}
        : { gsi1pk: RUNNING, gsi1sk: next.plan.pluginId };
      try {
        await documents.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...keys.rollout(next.plan.pluginId), ...running, ...next },
            ...(next.rev === 1
              ? { ConditionExpression: 'attribute_not_exists(pk)' }
              : { ConditionExpression: 'rev = :rev', ExpressionAttributeValues: { ':rev': next.rev - 1 } }),
          }),
        );
        return next;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) {
          throw new ConcurrentModificationError(
            `The rollout of ${next.plan.pluginId} was changed by someone else; reload and retry.`,
          );
        }
        throw error;
      }
    },

    async running() {
      const found: Rollout[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await documents.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: INDEX.byCollection,
            KeyConditionExpression: 'gsi1pk = :p',
            ExpressionAttributeValues: { ':p': RUNNING },
            ExclusiveStartKey: start,
          }),
        );
        found.push(...(page.Items ?? []).map((item) => stripKeys<Rollout>(item)));
        start = page.LastEvaluatedKey;
      } while (start);
      return found;
    },
  };
}
