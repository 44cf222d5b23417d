import { classificationOf, fieldClassifications, isKnownEventType } from '../canonical/known-types';
import { secretFields } from '../config/secret-fields';
import { secretBindings } from '../config/secret-hosts';
import { domainCovers } from '../manifest/domains';
import { ADMIN_ACTIONS } from './actions';
import { decide } from './decide';
import type { PluginMatrix, RoleMatrix } from './matrix-types';
import type { PluginPrincipal, UserPrincipal } from './principal';
import type { OperatorTarget, SubscribeResource } from './resources';

/*
 * What a principal may do, as `decide` answers each question it could ask: the simulation's "all".
 * Built from the manifest (what the plugin declares) and the tenant's installations (who it may
 * call and be called by, who receives what it publishes); every entry's decision is `decide`'s
 * own, so the matrix cannot drift from enforcement.
 */

/** The delivery question for one event type and one subscriber, as the canonical lane would ask it. */
export const subscribeResource = (tenantId: string, eventType: string): SubscribeResource => ({
  tenantId,
  eventType,
  classification: classificationOf(eventType),
  fieldClassifications: fieldClassifications(eventType),
});

/** An installation acting as a principal (a caller, a subscriber). */
export const principalOf = (installation: OperatorTarget): PluginPrincipal => ({
  kind: 'plugin',
  tenantId: installation.tenantId,
  installationId: installation.installationId,
  pluginId: installation.pluginId,
  manifest: installation.manifest,
});

/** The principal as a target of operator calls, in the state it is (or, proposed, would be) in. */
const targetOf = (principal: PluginPrincipal, state: OperatorTarget['state']): OperatorTarget => ({
  ...principal,
  state,
});

const splitCall = (call: string) => {
  const dot = call.indexOf('.');
  return { pluginId: call.slice(0, dot), operation: call.slice(dot + 1) };
};

/**
 * A plugin's matrix in its tenant. `others` are the tenant's other installations; `state` is the
 * principal's own (a proposed plugin is simulated as it would be once enabled: `Active`).
 * Declared event types the platform does not know are left out: the lane refuses them by name
 * before any decision, and manifest validation names them.
 */
export function pluginMatrix(
  principal: PluginPrincipal,
  others: readonly OperatorTarget[],
  state: OperatorTarget['state'],
): PluginMatrix {
  const { manifest, tenantId } = principal;
  const known = (types: readonly string[] = []) => types.filter(isKnownEventType);
  const publishes = known(manifest.events?.publishes).map((eventType) => ({
    eventType,
    decision: decide(principal, 'canonical.publish', {
      tenantId,
      eventType,
      classification: classificationOf(eventType),
    }),
    subscribers: others
      .filter((other) => other.manifest.events?.subscribes?.includes(eventType))
      .map((other) => ({
        pluginId: other.pluginId,
        decision: decide(principalOf(other), 'canonical.subscribe', subscribeResource(tenantId, eventType)),
      })),
  }));
  const receives = known(manifest.events?.subscribes).map((eventType) => ({
    eventType,
    decision: decide(principal, 'canonical.subscribe', subscribeResource(tenantId, eventType)),
  }));
  const self = targetOf(principal, state);
  const calls = (manifest.operations?.calls ?? []).map((call) => {
    const { pluginId, operation } = splitCall(call);
    // A plugin may call itself through the lane, which finds it like any other installation.
    const target =
      pluginId === principal.pluginId ? self : others.find((other) => other.pluginId === pluginId);
    return target
      ? { pluginId, operation, decision: decide(principal, 'operator.call', { target, operation }) }
      : { pluginId, operation };
  });
  const calledWith = others.flatMap((other) =>
    (other.manifest.operations?.calls ?? [])
      .map(splitCall)
      .filter((call) => call.pluginId === principal.pluginId)
      .map(({ operation }) => ({
        pluginId: other.pluginId,
        operation,
        decision: decide(principalOf(other), 'operator.call', { target: self, operation }),
      })),
  );
  const bindings = secretBindings(manifest.config, manifest.allowed_domains);
  const egress = (manifest.allowed_domains ?? []).map((host) => ({
    host,
    decision: decide(principal, 'proxy.egress', {
      host,
      allowlist: { matched: true, source: 'manifest', entry: host },
    }),
    secrets: bindings
      .filter((binding) => binding.hosts.some((bound) => domainCovers(bound, host)))
      .map((binding) => binding.name),
  }));
  const secrets = secretFields(manifest.config);
  const config = Object.keys((manifest.config?.properties ?? {}) as object).map((setting) => ({
    setting,
    secret: secrets.includes(setting),
  }));
  return { kind: 'plugin', publishes, receives, calls, calledWith, egress, config };
}

/** A role's matrix: every administrative action in its tenant, decided. */
export const roleMatrix = (user: UserPrincipal): RoleMatrix => ({
  kind: 'role',
  actions: ADMIN_ACTIONS.map((action) => ({
    action,
    decision: decide(user, action, { tenantId: user.tenantId }),
  })),
});
