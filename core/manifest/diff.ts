import { CLASSIFICATIONS, type DataClassification, type PluginManifest } from './types';

export interface PermissionChanges {
  readonly traits: readonly string[];
  readonly classifications: readonly string[];
  readonly domains: readonly string[];
  readonly publishes: readonly string[];
  readonly subscribes: readonly string[];
  readonly calls: readonly string[];
  /** Exposed operations that are new, or whose data classification became more sensitive. */
  readonly exposes: readonly string[];
}

/** What a new version asks for beyond the old one: the basis of re-consent on upgrade. */
export interface PermissionDiff {
  readonly added: PermissionChanges;
  /** What the new version no longer asks for, for information; needs no consent. */
  readonly removed: PermissionChanges;
  readonly requiresConsent: boolean;
}

const minus = (next: readonly string[] = [], old: readonly string[] = []) =>
  [...new Set(next)].filter((x) => !old.includes(x)).sort();
const rank = (c: DataClassification) => CLASSIFICATIONS.indexOf(c);

function escalated(next: PluginManifest, old: PluginManifest): string[] {
  const before = old.operations?.exposes ?? {};
  return Object.entries(next.operations?.exposes ?? {})
    .filter(
      ([name, op]) =>
        !Object.hasOwn(before, name) ||
        rank(op.data_classification) > rank(before[name]!.data_classification),
    )
    .map(([name]) => name)
    .sort();
}

function changes(next: PluginManifest, old: PluginManifest): PermissionChanges {
  return {
    traits: minus(next.traits, old.traits),
    classifications: minus(next.security.data_classification, old.security.data_classification),
    domains: minus(next.allowed_domains, old.allowed_domains),
    publishes: minus(next.events?.publishes, old.events?.publishes),
    subscribes: minus(next.events?.subscribes, old.events?.subscribes),
    calls: minus(next.operations?.calls, old.operations?.calls),
    exposes: escalated(next, old),
  };
}

export function diffPermissions(old: PluginManifest, next: PluginManifest): PermissionDiff {
  const added = changes(next, old);
  const removed = {
    ...changes(old, next),
    exposes: minus(Object.keys(old.operations?.exposes ?? {}), Object.keys(next.operations?.exposes ?? {})),
  };
  return { added, removed, requiresConsent: Object.values(added).some((list) => list.length > 0) };
}
