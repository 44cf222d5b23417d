import { AsyncLocalStorage } from 'node:async_hooks';
import type { Area } from '../../../functions/routes';

/**
 * The platform's Lambdas, by the name the harness knows them: one per area of the route table,
 * plus the functions no route serves. Each is one service role in the synthesized template
 * (./deployed.ts maps the names to it).
 */
export type PlatformFunction =
  | Area
  | 'authorizer'
  | 'health'
  | 'lifecycleSweep'
  | 'rolloutStep'
  | 'taskRoles'
  | 'auditArchiver';

// One scope per worker process, not per test file: vitest gives each file fresh modules, while the
// SDK (and so the recorder patched into it, ./recorder.ts) is loaded once per process.
/** Who makes a call deployed: a platform function, or a plugin installation's task (its task role). */
export type Caller = PlatformFunction | `plugin:${string}`;

const KEY = Symbol.for('vivified.iam.runningFunction');
const holder = globalThis as { [KEY]?: AsyncLocalStorage<Caller> };
holder[KEY] ??= new AsyncLocalStorage<Caller>();
const current = holder[KEY];

/**
 * Runs `work` as `fn` would run deployed: every AWS call made inside it, however deep (promises
 * carry the scope), is recorded as that function's call and evaluated against its role. Tests run
 * handlers in process, so this is where a test says which Lambda it is playing; calls outside any
 * scope are the test's own (creating tables, reading results back) and are not evaluated.
 */
export function asFunction<T>(fn: PlatformFunction, work: () => T): T {
  return current.run(fn, work);
}

/**
 * Runs `work` as the task of installation `installationId` would run deployed, with the task role
 * the task-role function made for it (evaluated from the IAM calls that made it, under the
 * task-role boundary): what a plugin's SDK does with AWS directly, which is consuming its queue.
 */
export function asPlugin<T>(installationId: string, work: () => T): T {
  return current.run(`plugin:${installationId}`, work);
}

/** The function (or plugin task) whose code is running, if any. */
export const runningFunction = (): Caller | undefined => current.getStore();

/** One API request a test sends a handler, as API Gateway would invoke its function once. */
export interface Invocation {
  /** `METHOD /path` of the route table. */
  readonly route: string;
  readonly id: number;
  /** The status the handler answered, once it has. */
  status?: number;
}

const INVOCATION = Symbol.for('vivified.iam.invocation');
const invocations = globalThis as { [INVOCATION]?: AsyncLocalStorage<Invocation> };
invocations[INVOCATION] ??= new AsyncLocalStorage<Invocation>();
let invocationIds = 0;

/**
 * Runs `work` as one invocation for `route`: the recorder marks each AWS call made inside it with
 * the invocation, so the calls one request makes, and how many of them wait on one another, can
 * be counted per route (test/support/iam/round-trips.ts).
 */
export async function asInvocation<T extends { statusCode: number }>(
  route: string,
  work: () => Promise<T>,
): Promise<T> {
  invocationIds += 1;
  const invocation: Invocation = { route, id: invocationIds };
  const result = await invocations[INVOCATION]!.run(invocation, work);
  invocation.status = result.statusCode;
  return result;
}

/** The invocation whose code is running, if any. */
export const runningInvocation = (): Invocation | undefined => invocations[INVOCATION]!.getStore();

/**
 * `port` with its calls made as the test's own, outside any function's scope: for a stand-in a
 * test gives a function in place of what it does deployed without AWS calls of its own (the
 * operator lane resolves plugins by Cloud Map DNS names; a test's lane asks the runtime instead).
 */
export function outsideFunctions<T extends object>(port: T): T {
  return new Proxy(port, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver);
      return typeof value === 'function'
        ? (...args: unknown[]) => current.exit(() => value.apply(target, args))
        : value;
    },
  });
}

/**
 * `port` with every call run as `fn` (see `asFunction`): for an adapter a test exercises on its
 * own that deployed only that function's code calls (the ECS runtime and its Cloud Map registry
 * run in the installations function).
 */
export function playedBy<T extends object>(fn: PlatformFunction, port: T): T {
  return new Proxy(port, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver);
      return typeof value === 'function'
        ? (...args: unknown[]) => current.run(fn, () => value.apply(target, args))
        : value;
    },
  });
}
