import type { Part } from './deployed';

// Per worker process, like the recorder: test files get fresh modules, the sink outlives them.
const KEY = Symbol.for('vivified.iam.standIns');
const holder = globalThis as { [KEY]?: Map<string, Part | `tenantKey:${string}`> };

/**
 * Tells the harness that `physical` (a test's own table name, key id, bus name…) plays `part` of
 * the deployed stack: in recorded calls it is read as the template's resource, so the calls are
 * evaluated against the policies that name that resource.
 */
export function standIn(part: Part | `tenantKey:${string}`, physical: string): void {
  holder[KEY] ??= new Map();
  holder[KEY].set(physical, part);
}

/** Every stand-in registered in this process: physical name → the part it plays. */
export const standIns = (): ReadonlyMap<string, Part | `tenantKey:${string}`> => holder[KEY] ?? new Map();
