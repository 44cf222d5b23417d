import type { InstallationState } from '../lifecycle';
import type { DataClassification, PluginManifest } from '../manifest/types';

/** Something inside one tenant: its installations, their config and health, its audit chain. */
export interface TenantResource {
  readonly tenantId: string;
  readonly installationId?: string;
  readonly pluginId?: string;
}

/** One console panel of an installation, with the roles its installed manifest shows it to. */
export interface PanelResource extends TenantResource {
  readonly panelId: string;
  readonly panelRoles: readonly string[];
}

/** The catalog is shared by all tenants; a resource names a plugin (and version) or none (browse). */
export interface CatalogResource {
  readonly pluginId?: string;
  readonly version?: string;
}

/** A tenant's record in the platform's tenant registry. */
export interface TenantRecordResource {
  readonly tenantId: string;
}

/** A canonical event a plugin wants to publish. */
export interface PublishResource {
  /** The tenant the event belongs to; the lane stamps the publisher's tenant, so this must match. */
  readonly tenantId: string;
  /** Canonical type with version, e.g. `PatientAdmitted.v1`. */
  readonly eventType: string;
  readonly classification: DataClassification;
}

/** A canonical event about to be delivered to a subscribing installation. */
export interface SubscribeResource {
  readonly tenantId: string;
  readonly eventType: string;
  /** The event's overall classification (its most sensitive field). */
  readonly classification: DataClassification;
  /** Per-field classifications from the canonical schema, by JSON pointer: `{'/patient/name': 'phi'}`. */
  readonly fieldClassifications: Readonly<Record<string, DataClassification>>;
}

/** The installation an operator call is addressed to. */
export interface OperatorTarget {
  readonly tenantId: string;
  readonly installationId: string;
  readonly pluginId: string;
  readonly state: InstallationState;
  readonly manifest: PluginManifest;
}

export interface OperatorCallResource {
  readonly target: OperatorTarget;
  /** Name of the operation in the target's `operations.exposes`. */
  readonly operation: string;
}

/**
 * The egress module's verdict on the host, computed before policy so policy does not depend on how
 * hosts are matched (wildcards, IDNs, tenant overrides); policy only decides and explains.
 */
export type AllowlistMatch =
  | { readonly matched: true; readonly source: 'manifest' | 'tenant_override'; readonly entry: string }
  | { readonly matched: false };

export interface EgressResource {
  readonly host: string;
  readonly allowlist: AllowlistMatch;
}
