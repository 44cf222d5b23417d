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

/**
 * The technical safeguards of the HIPAA Security Rule (45 CFR 164.312, paragraphs a to e), the
 * closed list a manifest's `compliance.hipaa_controls` names: what the plugin states it
 * implements, shown to the administrator who consents.
 */
export const HIPAA_CONTROLS = [
  'access_control',
  'audit_controls',
  'integrity',
  'person_or_entity_authentication',
  'transmission_security',
] as const;
export type HipaaControl = (typeof HIPAA_CONTROLS)[number];

/**
 * How much the lanes record about a plugin's requests, from the platform's floor up
 * (`compliance.audit_level`; what each adds is in core/policy/audit-detail.ts).
 */
export const AUDIT_LEVELS = ['basic', 'detailed', 'complete'] as const;
export type ManifestAuditLevel = (typeof AUDIT_LEVELS)[number];

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
  /** Never scaled to zero, however idle: for plugins whose callers cannot wait for a start. */
  readonly always_on?: boolean;
  /** Seconds without activity before the plugin is scaled to zero; overrides the platform's default. */
  readonly idle_after_seconds?: number;
}

export interface ExposedOperation {
  readonly method: HttpMethod;
  /** Path on the plugin, beginning with `/`. */
  readonly path: string;
  readonly data_classification: DataClassification;
  readonly description?: string;
}

/** A console page the plugin serves (docs/panels.md); roles are tenant roles, besides admin. */
export interface PanelSpec {
  readonly id: string;
  readonly title: string;
  /** An exposed operation's name; the platform calls it with GET to get the panel's HTML. */
  readonly operation: string;
  readonly roles: readonly string[];
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
    readonly hipaa_controls?: readonly HipaaControl[];
    /** Absent means the platform's floor for the plugin (core/policy/audit-detail.ts). */
    readonly audit_level?: ManifestAuditLevel;
  };
  readonly ui?: {
    readonly panels?: readonly PanelSpec[];
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
  /** HIPAA technical safeguards the plugin states it implements (added: newly stated; removed: no longer). */
  readonly hipaaControls: readonly string[];
  /** The audit level the plugin is recorded at, when it changes: the new one as added, the old one as removed. */
  readonly auditLevel: readonly string[];
  /** Console panels by id: new ones, or (when added) ones shown to a role that could not see them. */
  readonly panels: readonly string[];
}

/** What moving an installation from one manifest version to another changes: the basis of re-consent. */
export interface PermissionDiff {
  /** What the new version asks for beyond the old one; consent covers exactly this. */
  readonly added: PermissionChanges;
  /** What the new version no longer asks for, for information; dropping a permission needs no consent. */
  readonly removed: PermissionChanges;
  readonly requiresConsent: boolean;
}
