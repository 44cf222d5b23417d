import { secretBindings } from '../config/secret-hosts';
import { auditDetailOf } from '../policy/audit-detail';
import { domainCovers } from './domains';
import {
  CLASSIFICATIONS,
  type DataClassification,
  type PermissionChanges,
  type PermissionDiff,
  type PluginManifest,
} from './types';

const sorted = <T extends string>(items: Iterable<T>): T[] => [...new Set(items)].sort();

const beyond = <T extends string>(asked: readonly T[] = [], granted: readonly T[] = []): T[] =>
  sorted(asked.filter((item) => !granted.includes(item)));

/** Entries already allowed by an entry of the other side (`a.example.com` under `*.example.com`) are no change. */
const domainsBeyond = (asked: readonly string[] = [], granted: readonly string[] = []): string[] =>
  sorted(asked.filter((entry) => !granted.some((pattern) => domainCovers(pattern, entry))));

const sensitivity = (classification: DataClassification) => CLASSIFICATIONS.indexOf(classification);

function operationsBeyond(next: PluginManifest, old: PluginManifest, countEscalation: boolean): string[] {
  const before = old.operations?.exposes ?? {};
  const after = Object.entries(next.operations?.exposes ?? {});
  return sorted(
    after
      .filter(([name, operation]) => {
        const earlier = Object.hasOwn(before, name) ? before[name] : undefined;
        if (earlier === undefined) return true;
        return (
          countEscalation &&
          sensitivity(operation.data_classification) > sensitivity(earlier.data_classification)
        );
      })
      .map(([name]) => name),
  );
}

/**
 * Hosts a secret may go to under `next` that it may not under `old`: widening where a tenant's
 * credential goes (a new host, or a declaration dropped in favour of every allowed domain) is a
 * permission of its own, even when the allowlist stays the same.
 */
function secretHostsBeyond(next: PluginManifest, old: PluginManifest): string[] {
  const before = secretBindings(old.config, old.allowed_domains);
  return sorted(
    secretBindings(next.config, next.allowed_domains).flatMap(({ name, hosts }) => {
      const granted = before.find((binding) => binding.name === name)?.hosts ?? [];
      return domainsBeyond(hosts, granted).map((host) => `${name} → ${host}`);
    }),
  );
}

/** Panels of `next` that are new, or (when `countWidening`) shown to a role `old` did not show them to. */
function panelsBeyond(next: PluginManifest, old: PluginManifest, countWidening: boolean): string[] {
  const before = old.ui?.panels ?? [];
  return sorted(
    (next.ui?.panels ?? [])
      .filter((panel) => {
        const earlier = before.find((candidate) => candidate.id === panel.id);
        if (earlier === undefined) return true;
        return countWidening && beyond(panel.roles, earlier.roles).length > 0;
      })
      .map((panel) => panel.id),
  );
}

/** What `next` has that `old` has not; `countEscalation` also counts operations whose data got more sensitive. */
function changesBetween(
  old: PluginManifest,
  next: PluginManifest,
  countEscalation: boolean,
): PermissionChanges {
  return {
    traits: beyond(next.traits, old.traits),
    classifications: beyond(next.security.data_classification, old.security.data_classification),
    domains: domainsBeyond(next.allowed_domains, old.allowed_domains),
    publishes: beyond(next.events?.publishes, old.events?.publishes),
    subscribes: beyond(next.events?.subscribes, old.events?.subscribes),
    calls: beyond(next.operations?.calls, old.operations?.calls),
    exposes: operationsBeyond(next, old, countEscalation),
    secretHosts: secretHostsBeyond(next, old),
    hipaaControls: beyond(next.compliance?.hipaa_controls, old.compliance?.hipaa_controls),
    auditLevel: levelChange(old, next),
    panels: panelsBeyond(next, old, countEscalation),
  };
}

/** The level `next` is recorded at when it differs from the level of `old`: shown either way. */
function levelChange(old: PluginManifest, next: PluginManifest): string[] {
  const before = auditDetailOf(old);
  const after = auditDetailOf(next);
  return before === after ? [] : [after];
}

/**
 * What `next` asks for beyond `old`, and what it no longer asks for. Pure and deterministic: the
 * same two manifests always give the same, sorted answer, so it can be shown, stored and compared.
 */
export function diffPermissions(old: PluginManifest, next: PluginManifest): PermissionDiff {
  const added = changesBetween(old, next, true);
  const removed = changesBetween(next, old, false);
  // A safeguard the plugin no longer states is an assurance withdrawn: the administrator hears of it.
  const requiresConsent =
    Object.values(added).some((list) => list.length > 0) || removed.hipaaControls.length > 0;
  return { added, removed, requiresConsent };
}
