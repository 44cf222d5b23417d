/**
 * The plugin manifest as the domain sees it once `validateManifest` has accepted it. The
 * language-neutral source of truth is `schemas/manifest.schema.json`; these types mirror it.
 */

/** The seed's plugin categories, as contract names. */
export const CONTRACTS = [
  'StoragePlugin',
  'CommunicationPlugin',
  'IdentityPlugin',
  'ProcessingPlugin',
  'IntegrationPlugin',
] as const;
export type Contract = (typeof CONTRACTS)[number];

export const CATEGORY_OF_CONTRACT: Readonly<Record<Contract, string>> = {
  StoragePlugin: 'Storage',
  CommunicationPlugin: 'Communication',
  IdentityPlugin: 'Identity',
  ProcessingPlugin: 'Processing',
  IntegrationPlugin: 'Integration',
};

/** Data classifications, from least to most sensitive. */
export const CLASSIFICATIONS = ['public', 'internal', 'confidential', 'pii', 'phi'] as const;
export type DataClassification = (typeof CLASSIFICATIONS)[number];

/** Traits a plugin may declare; `admin`, `system` and `root` are reserved and always refused. */
export const KNOWN_TRAITS = [
  'handles_phi',
  'handles_pii',
  'audit_required',
  'external_service',
  'read_only',
] as const;
export const RESERVED_TRAITS = ['admin', 'system', 'root'] as const;
export type Trait = string;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RuntimeSpec {
  /** Container image reference (registry/repo:tag or @digest). */
  readonly image: string;
  /** Fargate CPU units (256, 512, 1024, 2048, 4096). */
  readonly cpu: number;
  /** Memory in MiB, valid for the chosen cpu. */
  readonly memory: number;
  /** Port the plugin listens on for operator calls and health checks. */
  readonly port: number;
  /** Path of the health endpoint, e.g. `/health`. */
  readonly health_path: string;
  /** How `vivified dev` starts the plugin as a local process (argv). */
  readonly local_command?: readonly string[];
}

export interface ExposedOperation {
  readonly method: HttpMethod;
  /** Path on the plugin, beginning with `/`. */
  readonly path: string;
  readonly data_classification: DataClassification;
  readonly description?: string;
}

export interface PluginManifest {
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly description?: string;
  readonly contracts: readonly Contract[];
  readonly traits: readonly Trait[];
  readonly security: {
    readonly authentication_required: true;
    readonly data_classification: readonly DataClassification[];
  };
  readonly allowed_domains?: readonly string[];
  readonly runtime: RuntimeSpec;
  readonly events?: {
    /** Canonical type names with version, e.g. `UserCreated.v1`. */
    readonly publishes?: readonly string[];
    readonly subscribes?: readonly string[];
  };
  readonly operations?: {
    readonly exposes?: Readonly<Record<string, ExposedOperation>>;
    /** `pluginId.operation` */
    readonly calls?: readonly string[];
  };
  /** JSON Schema of the plugin's settings; properties with `"x-secret": true` are secrets. */
  readonly config?: Readonly<Record<string, unknown>>;
  /** Per-minute limits of one installation, each within the tenant tier's ceiling (core/lanes/rate-limits.ts). */
  readonly rate_limits?: {
    readonly operator_calls_per_minute?: number;
    readonly egress_requests_per_minute?: number;
    readonly egress_requests_per_domain_per_minute?: number;
    readonly events_per_minute?: number;
  };
  readonly compliance?: {
    readonly data_retention_days?: number;
  };
}

/** One side of a permission diff; every list is sorted and free of repeats. */
export interface PermissionChanges {
  readonly traits: readonly string[];
  readonly classifications: readonly DataClassification[];
  readonly domains: readonly string[];
  readonly publishes: readonly string[];
  readonly subscribes: readonly string[];
  readonly calls: readonly string[];
  /** Exposed operations by name: new ones, or (when added) ones whose data became more sensitive. */
  readonly exposes: readonly string[];
  /** Where secret settings may be sent, as `name → host` (`x-secret-hosts`, else allowed_domains). */
  readonly secretHosts: readonly string[];
}

/** What moving an installation from one manifest version to another changes: the basis of re-consent. */
export interface PermissionDiff {
  /** What the new version asks for beyond the old one; consent covers exactly this. */
  readonly added: PermissionChanges;
  /** What the new version no longer asks for, for information; dropping a permission needs no consent. */
  readonly removed: PermissionChanges;
  readonly requiresConsent: boolean;
}
