import { bodyValidator } from '../shared/body';

const PLUGIN_ID = '^[a-z0-9][a-z0-9-]{1,62}$';
// Semantic Versioning 2.0.0, as in the manifest schema.
const SEMVER =
  '^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?$';

export interface InstallBody {
  pluginId: string;
  /** @default the catalog's latest version */
  version?: string;
  /** The caller accepts the permissions the plugin asks for (shown by GET /v1/plugins/{id}). */
  consent: boolean;
}

export const parseInstall = bodyValidator<InstallBody>({
  type: 'object',
  properties: {
    pluginId: { type: 'string', pattern: PLUGIN_ID },
    version: { type: 'string', pattern: SEMVER, nullable: true },
    consent: { type: 'boolean' },
  },
  required: ['pluginId', 'consent'],
  additionalProperties: false,
});

export interface ConfigureBody {
  values: Record<string, unknown>;
}

export const parseConfigure = bodyValidator<ConfigureBody>({
  type: 'object',
  properties: { values: { type: 'object', required: [] } },
  required: ['values'],
  additionalProperties: false,
});

export interface UpgradeBody {
  version: string;
  /** Accepts the permissions the new version adds; without it the diff is only returned. */
  consent?: boolean;
}

export const parseUpgrade = bodyValidator<UpgradeBody>({
  type: 'object',
  properties: {
    version: { type: 'string', pattern: SEMVER },
    consent: { type: 'boolean', nullable: true },
  },
  required: ['version'],
  additionalProperties: false,
});
