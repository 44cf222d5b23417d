import { catalogStore } from '../../../../adapters/aws/registry/catalog';
import { documentsOf } from '../../../../adapters/aws/registry/document-client';
import type { PlatformConfig } from '../config';

/** The plugin catalog in the registry table (with semver, CommonJS: only the functions that read manifests). */
export const awsCatalog = (config: Pick<PlatformConfig, 'table' | 'clients'>) =>
  catalogStore(config.table, documentsOf(config.clients?.dynamoDb));
