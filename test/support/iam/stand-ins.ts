import type { Part } from './deployed';

// Per test file: vitest gives each file (and its setup file) fresh modules, so a file sees only
// the stand-ins its own test platforms registered.
const registered = new Map<string, Part | `tenantKey:${string}`>();

/**
 * Tells the harness that `physical` (a test's own table name, key id, bus name…) plays `part` of
 * the deployed stack: in recorded calls it is read as the template's resource, so the calls are
 * evaluated against the policies that name that resource.
 */
export function standIn(part: Part | `tenantKey:${string}`, physical: string): void {
  registered.set(physical, part);
}

/** Every stand-in registered by this file's test platforms: physical name → the part it plays. */
export const standIns = (): ReadonlyMap<string, Part | `tenantKey:${string}`> => registered;
