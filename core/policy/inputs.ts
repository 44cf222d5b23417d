import type { PluginManifest } from '../manifest/types';
import type { Action, ResourceByAction } from './actions';
import type { Principal, Role } from './principal';
import type { AllowlistMatch, OperatorCallResource } from './resources';

/*
 * What an audit record keeps of a decision's inputs, so `explain` can ask `decide` the same
 * question again. Only what the decision read and nothing it did not: a user's roles, a
 * plugin's id and manifest version (the catalog keeps every version's manifest, so the manifest
 * need not be copied), an operator target's version and state, an egress host's allowlist match.
 * No secret, no payload, no config value: the event's type and classification, never its data.
 */

export type RecordedPrincipal =
  | { readonly kind: 'user'; readonly subject: string; readonly roles: readonly Role[] }
  | { readonly kind: 'platform_admin'; readonly subject: string }
  | {
      readonly kind: 'plugin';
      readonly installationId: string;
      readonly pluginId: string;
      readonly version: string;
    };

/** The target of an operator call as recorded: its manifest by version. */
export interface RecordedTarget {
  readonly tenantId: string;
  readonly installationId: string;
  readonly pluginId: string;
  readonly version: string;
  readonly state: OperatorCallResource['target']['state'];
}

export type RecordedResource =
  | { readonly target: RecordedTarget; readonly operation: string }
  | { readonly host: string; readonly allowlist: AllowlistMatch }
  | Readonly<Record<string, string>>;

export interface DecisionInputs {
  readonly principal: RecordedPrincipal;
  /** The principal's tenant (absent for platform administrators). */
  readonly tenantId?: string;
  readonly resource: RecordedResource;
}

const recordedPrincipal = (principal: Principal): RecordedPrincipal => {
  switch (principal.kind) {
    case 'user':
      return { kind: 'user', subject: principal.subject, roles: principal.roles };
    case 'platform_admin':
      return { kind: 'platform_admin', subject: principal.subject };
    case 'plugin':
      return {
        kind: 'plugin',
        installationId: principal.installationId,
        pluginId: principal.pluginId,
        version: principal.manifest.version,
      };
  }
};

/** Keeps a resource's string fields only: what every resource but an operator call consists of. */
const plain = (resource: unknown): Readonly<Record<string, string>> =>
  typeof resource === 'object' && resource !== null
    ? Object.fromEntries(Object.entries(resource).filter(([, value]) => typeof value === 'string'))
    : {};

function recordedResource(action: Action, resource: unknown): RecordedResource {
  if (action === 'operator.call') {
    const { target, operation } = resource as OperatorCallResource;
    const { manifest, ...rest } = target;
    return { target: { ...rest, version: manifest.version }, operation };
  }
  if (action === 'proxy.egress') {
    const { host, allowlist } = resource as ResourceByAction['proxy.egress'];
    return { host, allowlist };
  }
  return plain(resource);
}

/**
 * The inputs of one decision as an audit record keeps them. Like `decide`, it never throws: a
 * resource missing a part is recorded by its plain fields, and `decide` has denied it anyway.
 */
export function decisionInputs<A extends Action>(
  principal: Principal,
  action: A,
  resource: ResourceByAction[A],
): DecisionInputs {
  let kept: RecordedResource;
  try {
    kept = recordedResource(action, resource);
  } catch {
    kept = plain(resource);
  }
  return {
    principal: recordedPrincipal(principal),
    ...(principal.kind === 'platform_admin' ? {} : { tenantId: principal.tenantId }),
    resource: kept,
  };
}

/** Finds a plugin's manifest of one version (the catalog's). */
export type ManifestOf = (pluginId: string, version: string) => PluginManifest | undefined;

/** A decision's inputs rebuilt from a record, or why they cannot be. */
export type Rebuilt =
  | { readonly ok: true; readonly principal: Principal; readonly resource: unknown }
  | { readonly ok: false; readonly reason: string };

const missing = (pluginId: string, version: string): Rebuilt => ({
  ok: false,
  reason: `${pluginId}@${version} is no longer in the catalog, so its manifest cannot be read`,
});

/** The principal and resource `decide` was asked about, from what the record kept. */
export function rebuildInputs(inputs: DecisionInputs, manifestOf: ManifestOf): Rebuilt {
  const { principal: recorded, resource } = inputs;
  let principal: Principal;
  if (recorded.kind === 'plugin') {
    const manifest = manifestOf(recorded.pluginId, recorded.version);
    if (!manifest) return missing(recorded.pluginId, recorded.version);
    const { version: _, ...identity } = recorded;
    principal = { ...identity, tenantId: inputs.tenantId ?? '', manifest };
  } else if (recorded.kind === 'user') {
    principal = { ...recorded, tenantId: inputs.tenantId ?? '' };
  } else {
    principal = recorded;
  }
  if (!('target' in resource) || typeof resource.target !== 'object') {
    return { ok: true, principal, resource };
  }
  const { version, ...target } = resource.target;
  const manifest = manifestOf(target.pluginId, version);
  if (!manifest) return missing(target.pluginId, version);
  return { ok: true, principal, resource: { ...resource, target: { ...target, manifest } } };
}

/** The plugin versions whose manifests `rebuildInputs` reads, as `[pluginId, version]`. */
export function manifestsNeeded({ principal, resource }: DecisionInputs): Array<[string, string]> {
  const needed: Array<[string, string]> = [];
  if (principal.kind === 'plugin') needed.push([principal.pluginId, principal.version]);
  if ('target' in resource && typeof resource.target === 'object')
    needed.push([resource.target.pluginId, resource.target.version]);
  return needed;
}
