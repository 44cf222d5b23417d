import { AsyncLocalStorage } from 'node:async_hooks';
import type { Area } from '../../../functions/routes';

/**
 * The platform's Lambdas, by the name the harness knows them: one per area of the route table,
 * plus the functions no route serves. Each is one service role in the synthesized template
 * (./deployed.ts maps the names to it).
 */
export type PlatformFunction = Area | 'authorizer' | 'health' | 'taskRoles' | 'auditArchiver';

// One scope per worker process, not per test file: vitest gives each file fresh modules, while the
// SDK (and so the recorder patched into it, ./recorder.ts) is loaded once per process.
const KEY = Symbol.for('vivified.iam.runningFunction');
const holder = globalThis as { [KEY]?: AsyncLocalStorage<PlatformFunction> };
const current = (holder[KEY] ??= new AsyncLocalStorage<PlatformFunction>());

/**
 * Runs `work` as `fn` would run deployed: every AWS call made inside it, however deep (promises
 * carry the scope), is recorded as that function's call and evaluated against its role. Tests run
 * handlers in process, so this is where a test says which Lambda it is playing; calls outside any
 * scope are the test's own (creating tables, reading results back) and are not evaluated.
 */
export function asFunction<T>(fn: PlatformFunction, work: () => T): T {
  return current.run(fn, work);
}

/** The function whose code is running, if any. */
export const runningFunction = (): PlatformFunction | undefined => current.getStore();
