import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
// The one function used, by the path semver documents for a small footprint: the whole package
// (ranges, coercion, ~28 KB minified) would ride in every function that reads the catalog.
import compareVersions from 'semver/functions/compare';
import { ConflictError, NotFoundError } from '../../../core/errors';
import { CATEGORY_OF_CONTRACT, type PluginManifest } from '../../../core/manifest/types';
import type { CatalogEntry, CatalogFilter, CatalogStore, Page } from '../../../core/ports';
import { catalogManifests } from './catalog-manifests';
import { decodeCursor, encodeCursor } from './cursor';
import { documents as sharedDocuments } from './document-client';
import { stripKeys } from './items';
import { INDEX, keys } from './keys';

const summary = (manifest: PluginManifest) => ({
  name: manifest.name,
  description: manifest.description,
  contracts: [...manifest.contracts],
  categories: manifest.contracts.map((c) => CATEGORY_OF_CONTRACT[c]),
  traits: [...manifest.traits],
  // Lower-cased copy for case-insensitive text search by DynamoDB's contains().
  searchText: `${manifest.id} ${manifest.name} ${manifest.description ?? ''}`.toLowerCase(),
});

/** Batch-deletes keys 25 at a time, resubmitting whatever DynamoDB reports as unprocessed. */
async function deleteAll(
  documents: DynamoDBDocumentClient,
  tableName: string,
  items: readonly Record<string, unknown>[],
): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    let requests = items.slice(i, i + 25).map((k) => ({ DeleteRequest: { Key: { pk: k.pk, sk: k.sk } } }));
    for (let attempt = 0; requests.length > 0; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt)));
      const { UnprocessedItems } = await documents.send(
        new BatchWriteCommand({ RequestItems: { [tableName]: requests } }),
      );
      requests = (UnprocessedItems?.[tableName] ?? []) as typeof requests;
      if (attempt > 8) throw new Error(`Could not delete ${requests.length} catalog items after retries.`);
    }
  }
}

export function catalogStore(
  tableName: string,
  documents: DynamoDBDocumentClient = sharedDocuments,
): CatalogStore {
  const getEntry = async (pluginId: string) => {
    const { Item } = await documents.send(
      new GetCommand({ TableName: tableName, Key: keys.plugin(pluginId), ConsistentRead: true }),
    );
    return Item ? stripKeys<CatalogEntry & { searchText: string }>(Item) : undefined;
  };

  return {
    /**
     * Adds a manifest version. The version item and the entry change in one transaction: the
     * version must be new, and the entry is only moved to it when it is the highest version and
     * nobody else moved the entry since we read it.
     */
    async register(manifest: PluginManifest, registeredBy: string, now: string): Promise<CatalogEntry> {
      const current = await getEntry(manifest.id);
      if (current?.status === 'deleting') throw new ConflictError(`Plugin ${manifest.id} is being deleted.`);
      if (current?.versions.includes(manifest.version)) {
        throw new ConflictError(`Plugin ${manifest.id} version ${manifest.version} is already registered.`);
      }
      const versions = [...(current?.versions ?? []), manifest.version].sort(compareVersions);
      const latest = versions.at(-1)!;
      const entry = {
        ...(current ?? { installationCount: 0, registeredAt: now, status: 'available' as const }),
        ...(latest === manifest.version || !current ? summary(manifest) : {}),
        pluginId: manifest.id,
        latestVersion: latest,
        versions,
        registeredBy,
      };
      try {
        await documents.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: tableName,
                  Item: {
                    ...keys.pluginVersion(manifest.id, manifest.version),
                    manifest,
                    registeredAt: now,
                    registeredBy,
                  },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              {
                Put: {
                  TableName: tableName,
                  Item: { ...keys.plugin(manifest.id), gsi1pk: 'CATALOG', gsi1sk: manifest.id, ...entry },
                  ...(current
                    ? {
                        ConditionExpression:
                          'latestVersion = :seen AND installationCount = :count AND #s = :available',
                        ExpressionAttributeNames: { '#s': 'status' },
                        ExpressionAttributeValues: {
                          ':seen': current.latestVersion,
                          ':count': current.installationCount,
                          ':available': 'available',
                        },
                      }
                    : { ConditionExpression: 'attribute_not_exists(pk)' }),
                },
              },
            ],
          }),
        );
      } catch (error) {
        if (error instanceof TransactionCanceledException) {
          throw new ConflictError(
            `Plugin ${manifest.id} changed while registering ${manifest.version}; retry.`,
          );
        }
        throw error;
      }
      const { searchText: _s, ...visible } = entry as CatalogEntry & { searchText?: string };
      return visible as CatalogEntry;
    },

    async get(pluginId: string): Promise<CatalogEntry | undefined> {
      const entry = await getEntry(pluginId);
      if (!entry) return undefined;
      const { searchText: _s, ...visible } = entry;
      return visible;
    },

    ...catalogManifests(tableName, documents),

    async list(filter: CatalogFilter, limit: number, cursor?: string): Promise<Page<CatalogEntry>> {
      const conditions: string[] = ['#s = :available'];
      const values: Record<string, unknown> = { ':p': 'CATALOG', ':available': 'available' };
      const filters: Array<[string | undefined, string]> = [
        [filter.contract, 'contracts'],
        [filter.category, 'categories'],
        [filter.trait, 'traits'],
        [filter.text?.toLowerCase(), 'searchText'],
      ];
      for (const [value, attribute] of filters) {
        if (!value) continue;
        conditions.push(`contains(${attribute}, :${attribute})`);
        values[`:${attribute}`] = value;
      }
      const { Items, LastEvaluatedKey } = await documents.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: INDEX.byCollection,
          KeyConditionExpression: 'gsi1pk = :p',
          FilterExpression: conditions.join(' AND '),
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: values,
          Limit: limit,
          ExclusiveStartKey: decodeCursor(cursor, { name: 'gsi1pk', value: 'CATALOG' }),
        }),
      );
      const items = (Items ?? []).map((item) => {
        const { searchText: _s, ...visible } = stripKeys<CatalogEntry & { searchText: string }>(item);
        return visible;
      });
      return { items, cursor: encodeCursor(LastEvaluatedKey) };
    },

    /**
     * Removes a plugin and all its versions, refused while any tenant has it installed. The entry
     * is first marked `deleting` under the install-count condition, which also stops new installs,
     * so a retry after a partial failure finishes the job.
     */
    async delete(pluginId: string): Promise<void> {
      try {
        await documents.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.plugin(pluginId),
            UpdateExpression: 'SET #s = :deleting',
            ConditionExpression: 'attribute_exists(pk) AND installationCount = :zero',
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: { ':deleting': 'deleting', ':zero': 0 },
          }),
        );
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) {
          const entry = await getEntry(pluginId);
          if (!entry) throw new NotFoundError(`Plugin ${pluginId} is not in the catalog.`);
          throw new ConflictError(
            `Plugin ${pluginId} is installed by ${entry.installationCount} tenant(s); uninstall it everywhere first.`,
          );
        }
        throw error;
      }
      // Versions go first and the entry last, so a failure part-way leaves a `deleting` entry to retry.
      const { Items } = await documents.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :version)',
          ExpressionAttributeValues: { ':pk': keys.plugin(pluginId).pk, ':version': 'VERSION#' },
          ProjectionExpression: 'pk, sk',
        }),
      );
      await deleteAll(documents, tableName, Items ?? []);
      await documents.send(new DeleteCommand({ TableName: tableName, Key: keys.plugin(pluginId) }));
    },
  };
}
