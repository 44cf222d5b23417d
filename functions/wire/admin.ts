import type { AuditActorName, AuditRecord, ChainVerification } from '../../core/audit/record';
import type { HealthStatus, HealthVerdict } from '../../core/installation/health-verdict';
import type {
  HealthCheck,
  Installation,
  InstallationError,
  InstallationHealth,
} from '../../core/installation/types';
import type { InstallationState } from '../../core/lifecycle/states';
import type { PermissionDiff, PluginManifest } from '../../core/manifest/types';
import type {
  EventSeries,
  HostSeries,
  InstallationMetrics,
  Lane,
  LaneSeries,
} from '../../core/metrics/lane-series';
import type { MatrixDiff } from '../../core/policy/matrix-diff';
import type { CatalogEntry } from '../../core/ports/catalog';
import type { Page } from '../../core/ports/page';
import type { Tenant } from '../../core/tenancy/tenant';
import type { TenantInput } from '../../core/tenancy/validate';

export type { HealthStatus, HealthVerdict };

/*
 * What the administrative routes (tenants, catalog, installations, subscribers, audit) take and
 * answer. Where the API sends a domain record as it is (a tenant, an audit record), the domain's
 * type is the wire type and is re-exported; views the handlers build are declared here, and the
 * handlers' mapping code is typed against them.
 */

// The store's records are what the API answers: one definition each, in core/ports.
export type { CatalogEntry } from '../../core/ports/catalog';
export type { Page } from '../../core/ports/page';
export type { ExternalSubscriber as Subscriber } from '../../core/ports/subscribers';
export type {
  AuditActorName,
  AuditRecord,
  EventSeries,
  HealthCheck,
  HostSeries,
  InstallationError,
  InstallationMetrics,
  InstallationState,
  Lane,
  LaneSeries,
  PermissionDiff,
  PluginManifest,
  Tenant,
  TenantInput,
};

/** One plugin version: its entry, its manifest, and in plain words the permissions it asks for. */
export interface PluginDetails extends CatalogEntry {
  readonly manifest: PluginManifest;
  readonly permissions: readonly string[];
}

/** An installation as clients see it: no config, no sealed secrets, no internal resource names. */
export interface InstallationView
  extends Pick<
    Installation,
    | 'tenantId'
    | 'pluginId'
    | 'installationId'
    | 'pluginVersion'
    | 'state'
    | 'rev'
    | 'lastError'
    | 'createdAt'
    | 'updatedAt'
    | 'updatedBy'
  > {
  /**
   * The latest checks' summary (dead letters as counted by the last health round) and the verdict
   * on it; the history is on the health route.
   */
  readonly health: Pick<InstallationHealth, 'consecutiveFailures' | 'lastCheckedAt' | 'deadLetters'> &
    HealthVerdict;
}

/** An installation with the permissions it was granted (install and read answer this). */
export interface GrantedInstallation extends InstallationView {
  readonly permissions: readonly string[];
}

/** An installation as its page shows it. */
export interface InstallationDetails extends GrantedInstallation {
  /** The console panels of the installed version the caller may open (none for a role shown none). */
  readonly panels: readonly PanelView[];
}

/** A console panel as the installation's page lists it. */
export interface PanelView {
  readonly id: string;
  readonly title: string;
}

/** A panel session: the console POSTs it to the panel route before `expiresAt`, and opens a fresh one after. */
export interface OpenedPanel {
  readonly session: string;
  readonly expiresAt: string;
}

/** The panel route's form body. */
export interface PanelForm {
  readonly session: string;
}

export interface InstallBody {
  pluginId: string;
  /** @default the catalog's latest version */
  version?: string;
  /** The caller accepts the permissions the plugin asks for (shown by GET /v1/plugins/{id}). */
  consent: boolean;
}

/** Config as read back: plain values, and for each secret only whether it is set. */
export interface ConfigView {
  /** Plain values, and secrets that are set as a mask. */
  readonly values: Readonly<Record<string, unknown>>;
  readonly secrets: readonly {
    readonly name: string;
    readonly set: boolean;
    /** The allowlist entries the proxy lane sends it to, and nowhere else. */
    readonly sentTo: readonly string[];
    /** Whether the manifest names them (`x-secret-hosts`); otherwise they are its `allowed_domains`. */
    readonly declared: boolean;
  }[];
  /** The manifest's config JSON Schema (secret properties marked `"x-secret": true`). */
  readonly schema: Readonly<Record<string, unknown>> | null;
  readonly rev: number;
}

export interface ConfigureBody {
  values: Record<string, unknown>;
}

/** What the runtime reports of an installation's copies. */
export interface RuntimeView {
  readonly exists: boolean;
  readonly desired: number;
  readonly running: number;
  readonly endpoint?: string;
}

/** An installation's health: its state, its runtime's own view, recent checks and waiting dead letters. */
export interface HealthView extends InstallationHealth, HealthVerdict {
  readonly state: InstallationState;
  readonly runtime: RuntimeView;
  /** Events that failed delivery too often and wait in the dead-letter queue. */
  readonly deadLetters: number;
  readonly lastError?: InstallationError;
}

/** How many dead-lettered events are on their way back to the installation's queue. */
export interface RedriveResult {
  readonly moving: number;
}

export interface UpgradeBody {
  version: string;
  /** Accepts the permissions the new version adds; without it the diff is only returned. */
  consent?: boolean;
}

/**
 * An upgrade's answer: without the consent the new permissions need, only the diff (nothing is
 * applied); with it, the upgraded installation.
 */
export type UpgradeAnswer = {
  readonly from: string;
  readonly to: string;
  readonly diff: PermissionDiff;
  /** The two versions' policy matrices diffed: what the new one would be allowed beyond the old. */
  readonly capabilities: MatrixDiff;
} & ({ readonly applied: false } | { readonly applied: true; readonly installation: InstallationView });

export interface SubscriberBody {
  busArn: string;
  types: string[];
  /** Personal data the subscriber may receive; without it, pii and phi fields are removed. */
  clearance?: Array<'pii' | 'phi'>;
}

/**
 * A page of audit records, each exactly as stored (so it can be re-verified), and the names of
 * their actors the platform knows, beside them.
 */
export interface AuditPage extends Page<AuditRecord> {
  readonly actors: readonly AuditActorName[];
}

/** The answer of verifying a tenant's audit chain from storage. */
export type AuditVerification = ChainVerification;
