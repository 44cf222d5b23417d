import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { PluginManifest } from '../../../core/manifest/types';
import type { CatalogStore } from '../../../core/ports';
import { documents as sharedDocuments } from './document-client';
import { keys } from './keys';

/**
 * A plugin version's manifest, read by id and version: all the lanes ask of the catalog. Apart
 * from the whole store (./catalog.ts), whose version ordering brings semver into a bundle.
 */
export function catalogManifests(
  tableName: string,
  documents: DynamoDBDocumentClient = sharedDocuments,
): Pick<CatalogStore, 'getManifest'> {
  return {
    async getManifest(pluginId: string, version: string): Promise<PluginManifest | undefined> {
      const { Item } = await documents.send(
        new GetCommand({
          TableName: tableName,
          Key: keys.pluginVersion(pluginId, version),
          ConsistentRead: true,
        }),
      );
      return Item?.manifest as PluginManifest | undefined;
    },
  };
}
