import { createRequire } from 'node:module';
import { type Caller, type Invocation, runningFunction, runningInvocation } from './caller';

/** A session the platform assumed (sts:AssumeRole), known by the access key STS gave it. */
export interface AssumedSession {
  readonly roleArn: string;
  readonly sessionName: string;
  readonly tags: Readonly<Record<string, string>>;
}

/** One AWS SDK call the platform's code made, as AWS would see it arrive. */
export interface RecordedCall {
  /** The Lambda (or plugin task) whose code made it (./caller.ts). */
  readonly fn: Caller;
  /** Set when it was signed with a session the platform assumed, not the function's own role. */
  session?: AssumedSession;
  /** The SDK client's service, e.g. `DynamoDB`, `SecretsManager`. */
  readonly service: string;
  /** The operation, e.g. `GetItem`. */
  readonly command: string;
  /** The request as serialized (DynamoDB items in attribute-value form). */
  readonly input: Readonly<Record<string, unknown>>;
  /** The answer, kept only for calls whose answer names what later calls act on (`OUTPUT_KEPT`). */
  output?: Readonly<Record<string, unknown>>;
  /** Where in the tests it happened: file and test name (`beforeAll` when outside a test). */
  readonly test: string;
  /** The API request it was made for, when a test sent one (`call()` in test/support/api.ts). */
  readonly invocation?: Invocation;
  /** When it was sent and answered (performance.now(), ms): which calls waited on which. */
  readonly startedAt?: number;
  endedAt?: number;
}

interface Sink {
  calls: RecordedCall[];
  /** Every session the platform assumed, by the access key id AWS would see it sign with. */
  readonly sessions: Map<string, AssumedSession>;
  /** Names the test the calls are made in. */
  where: () => string;
}

const SINK = Symbol.for('vivified.iam.sink');
const PATCHED = Symbol.for('vivified.iam.patched');
const RECORD = Symbol.for('vivified.iam.record');
const holder = globalThis as { [SINK]?: Sink };

/** The calls recorded in this process since the last `startRecording`. */
export const recordedCalls = (): readonly RecordedCall[] => holder[SINK]?.calls ?? [];

interface Stack {
  add(middleware: unknown, options: Record<string, unknown>): void;
}
type Next = (args: Args) => Promise<{ output: Record<string, any> }>;
interface Args {
  input: Record<string, unknown>;
  request?: { headers?: Record<string, string> };
}
type Context = Record<string | symbol, unknown> & { clientName?: string; commandName?: string };

/** Creations whose answer holds the id later calls name: Cloud Map assigns service ids. */
const OUTPUT_KEPT = new Set(['ServiceDiscovery:CreateService']);

const accessKeyOf = (authorization: string | undefined) =>
  /Credential=([^/]+)\//.exec(authorization ?? '')?.[1];

/**
 * The harness's SDK middleware, added to every SDK v3 client the first time it sends. Every
 * client the platform builds (adapters/aws/clients.ts, the tenant sessions' DynamoDB and STS
 * clients, the task roles' IAM client, the Encryption SDK's own KMS clients) extends smithy's
 * `Client`, so patching its `send` reaches all of them without a test-only hook in production
 * code. A call is recorded only inside a function's scope (./caller.ts).
 */
function attach(stack: Stack): void {
  // Serialize step: after lib-dynamodb marshalled the input, once per call (retries come later).
  stack.add(
    (next: Next, context: Context) => async (args: Args) => {
      const sink = holder[SINK];
      const fn = runningFunction();
      if (!sink || !fn) return next(args);
      const call: RecordedCall = {
        fn,
        service: (context.clientName ?? 'Unknown').replace(/Client$/, ''),
        command: (context.commandName ?? 'Unknown').replace(/Command$/, ''),
        input: args.input,
        test: sink.where(),
        invocation: runningInvocation(),
        startedAt: performance.now(),
      };
      sink.calls.push(call);
      context[RECORD] = call;
      const result = await next(args).finally(() => {
        call.endedAt = performance.now();
      });
      if (OUTPUT_KEPT.has(`${call.service}:${call.command}`)) call.output = result.output;
      const credentials = result.output?.Credentials as { AccessKeyId?: string } | undefined;
      if (call.command === 'AssumeRole' && credentials?.AccessKeyId) {
        sink.sessions.set(credentials.AccessKeyId, {
          roleArn: String(args.input.RoleArn),
          sessionName: String(args.input.RoleSessionName),
          tags: Object.fromEntries(
            ((args.input.Tags ?? []) as { Key: string; Value: string }[]).map((t) => [t.Key, t.Value]),
          ),
        });
      }
      return result;
    },
    { step: 'serialize', priority: 'high', name: 'vivifiedIamRecord' },
  );
  // Deserialize step: the request is signed by now, so its access key says which session made it.
  stack.add(
    (next: Next, context: Context) => async (args: Args) => {
      const call = context[RECORD] as RecordedCall | undefined;
      const key = accessKeyOf(args.request?.headers?.authorization);
      const session = key ? holder[SINK]?.sessions.get(key) : undefined;
      if (call && session) call.session = session;
      return next(args);
    },
    { step: 'deserialize', priority: 'low', name: 'vivifiedIamSignedBy' },
  );
}

/**
 * Starts recording in this process (again): patches smithy's `Client.send` once per process and
 * empties the record. `where` names the test a call is made in.
 */
export function startRecording(where: () => string): void {
  holder[SINK] = { calls: [], sessions: holder[SINK]?.sessions ?? new Map(), where };
  // The SDK's CommonJS build, the one Node loads for every client (`node` comes first in its exports).
  const { Client } = createRequire(__filename)('@smithy/core/client') as {
    Client: { prototype: Record<string | symbol, any> };
  };
  const proto = Client.prototype;
  if (proto[PATCHED]) return;
  const send = proto.send as (...args: unknown[]) => unknown;
  const attached = new WeakSet<object>();
  proto.send = function (this: { middlewareStack: Stack }, ...args: unknown[]) {
    // lib-dynamodb's document client shares its client's stack: attach once per stack.
    if (!attached.has(this.middlewareStack)) {
      attached.add(this.middlewareStack);
      attach(this.middlewareStack);
    }
    return send.apply(this, args);
  };
  proto[PATCHED] = true;
}
