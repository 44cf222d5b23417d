import { catalogManifests } from '../../../../adapters/aws/registry/catalog-manifests';
import { documentsOf } from '../../../../adapters/aws/registry/document-client';
import type { PlatformConfig } from '../config';

/**
 * Manifests by plugin version only, for the lanes: a module apart from ./catalog.ts, whose store
 * imports semver (CommonJS, so it would ride along with any import of that module).
 */
export const awsCatalogManifests = (config: Pick<PlatformConfig, 'table' | 'clients'>) =>
  catalogManifests(config.table, documentsOf(config.clients?.dynamoDb));
