import { randomUUID } from 'node:crypto';
import { type AuditDraft, type AuditRecord, appendRecord } from '../core/audit';
import type { Installation } from '../core/installation/types';
import type { PluginManifest } from '../core/manifest/types';
import { type ControlPlane, observability } from '../functions/shared/control-plane';

/**
 * The parts of the control plane the lanes read, in memory: registry lookups answer from maps and
 * the audit log extends each tenant's hash chain in process (the same `appendRecord` the DynamoDB
 * log uses) without writing it anywhere. The lane benchmarks then measure what the lane itself
 * adds — authenticate, decide, chain the audit record, sign, forward — not an emulator's latency.
 */
export function inProcessPlane(options: {
  installations: readonly Installation[];
  manifests: readonly PluginManifest[];
  endpointOf: (installationId: string) => string;
  /** External event subscribers by tenant, each with its view (the canonical lane's fan-out). */
  subscribers?: ReadonlyArray<{ tenantId: string; types: string[]; view: string }>;
}): ControlPlane & { readonly audited: () => number } {
  process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  const heads = new Map<string, AuditRecord>();
  let audited = 0;
  const manifestKey = (id: string, version: string) => `${id}@${version}`;
  const manifests = new Map(options.manifests.map((m) => [manifestKey(m.id, m.version), m]));
  const installations = new Map(options.installations.map((i) => [`${i.tenantId}/${i.pluginId}`, i]));
  const plane = {
    installations: {
      get: async (tenantId: string, pluginId: string) => installations.get(`${tenantId}/${pluginId}`),
      list: async (tenantId: string) => ({
        items: options.installations.filter((i) => i.tenantId === tenantId),
        cursor: undefined,
      }),
    },
    subscribers: {
      list: async (tenantId: string) => (options.subscribers ?? []).filter((s) => s.tenantId === tenantId),
    },
    catalog: { getManifest: async (id: string, version: string) => manifests.get(manifestKey(id, version)) },
    audit: {
      async append(draft: Omit<AuditDraft, 'id' | 'time'>) {
        const record = appendRecord(heads.get(draft.tenantId), {
          id: randomUUID(),
          time: new Date().toISOString(),
          ...draft,
        });
        heads.set(draft.tenantId, record);
        audited++;
        return record;
      },
      flush: async () => undefined,
    },
    runtime: {
      status: async (installationId: string) => ({
        exists: true,
        desired: 1,
        running: 1,
        endpoint: options.endpointOf(installationId),
      }),
    },
    ...observability('vivified-bench'),
    now: () => new Date(),
    audited: () => audited,
  };
  // Only what the lanes touch is here; anything else would throw, which a benchmark should show.
  return plane as unknown as ControlPlane & { readonly audited: () => number };
}

/** An Active installation of a plugin in a tenant. */
export function activeInstallation(tenantId: string, manifest: PluginManifest): Installation {
  const at = new Date().toISOString();
  return {
    tenantId,
    pluginId: manifest.id,
    installationId: `${tenantId}-${manifest.id}`,
    pluginVersion: manifest.version,
    state: 'Active',
    rev: 1,
    config: {},
    sealedSecrets: {},
    resources: {},
    health: { consecutiveFailures: 0, history: [] },
    createdAt: at,
    updatedAt: at,
    updatedBy: 'bench',
  };
}
