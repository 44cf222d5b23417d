import type { Server } from 'node:http';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { JWTVerifyGetKey } from 'jose';
import { OPERATOR_CALL_HEADERS } from '../../../core/lanes/operator-claims';
import type { ProxyBody, PublishResult, SelfConfig } from '../../../functions/wire';
import { EgressDeniedError, PolicyDeniedError } from './errors';
import { type CanonicalEvent, EventConsumer, type EventHandler } from './events';
import { type ExposedOperation, type OperationHandler, operationServer } from './operations';
import { operatorVerifier } from './operator-verify';
import { PlatformClient } from './platform-client';
import { ReplayCache, type ReplayCacheOptions } from './replay-cache';

/** The parts of the plugin manifest the SDK acts on. */
export interface PluginManifest {
  readonly id: string;
  readonly version: string;
  readonly runtime: { readonly health_path?: string; readonly port?: number };
  readonly events?: { readonly publishes?: readonly string[]; readonly subscribes?: readonly string[] };
  readonly operations?: {
    readonly exposes?: Readonly<Record<string, ExposedOperation & { readonly data_classification?: string }>>;
    readonly calls?: readonly string[];
  };
}

/**
 * Where the plugin runs. Defaults come from the environment the platform gives every task
 * (`VIVIFIED_*`, and for the queue the AWS SDK's usual variables).
 */
export interface PluginEnvironment {
  readonly apiUrl: string;
  readonly credential: string;
  readonly installationId: string;
  readonly queueUrl?: string;
  readonly port: number;
}

export interface PluginOptions {
  readonly manifest: PluginManifest;
  readonly environment?: Partial<PluginEnvironment>;
  /** Where problems the plugin cannot hand back to a caller are reported. @default console.error */
  readonly onError?: (error: unknown, event?: CanonicalEvent) => void;
  /** A health check beyond "the process answers". */
  readonly health?: () => Promise<boolean> | boolean;
  /** Long-poll wait of the event queue. @default 20 */
  readonly pollWaitSeconds?: number;
  /** Verification keys for operator calls (tests); by default the platform's published JWKS. */
  readonly operatorKeys?: JWTVerifyGetKey;
  /**
   * The memory of answered operator calls: a signature used a second time is refused with 401.
   * @default 10 000 calls, each kept until its signature's expiry plus 30 seconds
   */
  readonly replays?: ReplayCacheOptions;
  /** Stop on SIGTERM and SIGINT, as Fargate and `vivified dev` ask. @default true */
  readonly handleSignals?: boolean;
}

export type { PublishResult, SelfConfig };

export interface CallOptions {
  /** Deadline for the other plugin's answer, within the platform's maximum. */
  readonly timeoutMs?: number;
}

/**
 * A plugin as `createPlugin` makes it. Spelled out rather than inferred: `on` and `expose` return
 * the plugin itself, a type the published declarations could not otherwise name.
 */
export interface Plugin {
  readonly manifest: PluginManifest;
  readonly environment: PluginEnvironment;
  publish<T extends object>(type: string, data: T): Promise<PublishResult>;
  on<T = Record<string, unknown>>(type: string, handler: EventHandler<T>): Plugin;
  call<T = unknown>(pluginId: string, operation: string, payload?: unknown, call?: CallOptions): Promise<T>;
  expose<In = unknown, Out = unknown>(operation: string, handler: OperationHandler<In, Out>): Plugin;
  fetch(url: string | URL, init?: RequestInit): Promise<Response>;
  config<T = Record<string, unknown>>(): Promise<SelfConfig<T>>;
  renewCredential(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

function required(name: string, value: string | undefined): string {
  if (!value) throw new Error(`${name} is not set: is this process running as a Vivified installation?`);
  return value;
}

function environmentOf(given: Partial<PluginEnvironment> = {}): PluginEnvironment {
  const env = process.env;
  return {
    apiUrl: given.apiUrl ?? required('VIVIFIED_API_URL', env.VIVIFIED_API_URL),
    credential: given.credential ?? required('VIVIFIED_CREDENTIAL', env.VIVIFIED_CREDENTIAL),
    installationId:
      given.installationId ?? required('VIVIFIED_INSTALLATION_ID', env.VIVIFIED_INSTALLATION_ID),
    queueUrl: given.queueUrl ?? env.VIVIFIED_QUEUE_URL,
    port: given.port ?? Number(env.VIVIFIED_PORT ?? env.PORT ?? 8080),
  };
}

/**
 * A Vivified plugin: the three lanes (`publish` and `on` for canonical events, `call` and
 * `expose` for operations, `fetch` for egress), its config, and its lifecycle. Register handlers,
 * then `start()`; SIGTERM stops it gracefully.
 */
export function createPlugin(options: PluginOptions): Plugin {
  const { manifest } = options;
  const environment = environmentOf(options.environment);
  const onError = options.onError ?? ((error: unknown) => console.error(error));
  const client = new PlatformClient({
    apiUrl: environment.apiUrl,
    credential: environment.credential,
    onRenewFailed: onError,
  });
  const eventHandlers = new Map<string, EventHandler>();
  const operationHandlers = new Map<string, OperationHandler>();
  // One per plugin, kept across restarts of its server: a signature is good for one call.
  const replays = new ReplayCache(options.replays);
  let server: Server | undefined;
  let consumer: EventConsumer | undefined;
  let stopping: Promise<void> | undefined;

  const plugin: Plugin = {
    manifest,
    environment,

    /** Publishes one canonical event; the platform validates, stamps and routes it. */
    async publish<T extends object>(type: string, data: T): Promise<PublishResult> {
      const { results } = await client.call('canonical.publish', {
        body: { type, data: data as Record<string, unknown> },
      });
      return results[0]!;
    },

    /** Handles events of a type this plugin subscribes to (declared in the manifest). */
    on<T = Record<string, unknown>>(type: string, handler: EventHandler<T>) {
      if (!manifest.events?.subscribes?.includes(type))
        throw new Error(`${manifest.id} does not subscribe to ${type}: declare it in events.subscribes.`);
      eventHandlers.set(type, handler as EventHandler);
      return plugin;
    },

    /** Calls another plugin's operation through the operator lane and returns its JSON answer. */
    async call<T = unknown>(pluginId: string, operation: string, payload?: unknown, call: CallOptions = {}) {
      // The target's answer is its own: the caller says what it expects.
      return (await client.call(
        'operator.call',
        { params: { targetPluginId: pluginId, operation }, body: payload ?? {} },
        call.timeoutMs ? { [OPERATOR_CALL_HEADERS.timeoutMs]: String(call.timeoutMs) } : {},
      )) as T;
    },

    /** Serves one of the operations the manifest exposes. */
    expose<In = unknown, Out = unknown>(operation: string, handler: OperationHandler<In, Out>) {
      if (!manifest.operations?.exposes?.[operation])
        throw new Error(`${manifest.id} does not expose ${operation}: declare it in operations.exposes.`);
      operationHandlers.set(operation, handler as OperationHandler);
      return plugin;
    },

    /**
     * The standard Fetch API, through the proxy lane: the platform checks the host against the
     * allowlist, resolves `{{secret:name}}` references, and answers with the upstream response.
     */
    async fetch(url: string | URL, init: RequestInit = {}): Promise<Response> {
      const headers = Object.fromEntries(new Headers(init.headers).entries());
      const body =
        init.body === undefined || init.body === null ? undefined : await new Response(init.body).text();
      const answer = await client
        .call('proxy.egress', {
          body: {
            // Sent as given: the lane names a method it does not take.
            method: (init.method ?? 'GET').toUpperCase() as ProxyBody['method'],
            url: String(url),
            ...(Object.keys(headers).length ? { headers } : {}),
            ...(body === undefined ? {} : { body }),
          },
        })
        .catch((error: unknown) => {
          // Every refusal on this lane is about where the request may go, whether the address
          // checks or the allowlist policy said no.
          throw error instanceof PolicyDeniedError ? new EgressDeniedError(error.problem) : error;
        });
      const bytes = answer.bodyEncoding === 'base64' ? Buffer.from(answer.body, 'base64') : answer.body;
      const empty = answer.status === 204 || answer.status === 304 || answer.status < 200;
      return new Response(empty ? null : bytes, { status: answer.status, headers: answer.headers });
    },

    /** This installation's config; secret values stay in the platform, named in `secrets`. */
    config<T = Record<string, unknown>>() {
      return client.call('self.config', {}) as Promise<SelfConfig<T>>;
    },

    /**
     * Exchanges the credential for a fresh one now. `start()` already does this in the background
     * before each credential expires; call it after a long suspension or to rotate on demand.
     */
    renewCredential(): Promise<void> {
      return client.renew();
    },

    /** Serves health and exposed operations, consumes events, renews the credential. */
    async start(): Promise<void> {
      server = operationServer({
        exposed: manifest.operations?.exposes ?? {},
        handlers: operationHandlers,
        healthPath: manifest.runtime.health_path ?? '/health',
        health: options.health ?? (() => true),
        verify: operatorVerifier(
          environment.apiUrl,
          environment.installationId,
          options.operatorKeys,
          replays,
        ),
        onError,
      });
      await new Promise<void>((resolve, reject) => {
        server!.once('error', reject);
        server!.listen(environment.port, resolve);
      });
      if (eventHandlers.size > 0) {
        if (!environment.queueUrl)
          throw new Error('VIVIFIED_QUEUE_URL is not set, so events cannot be received.');
        consumer = new EventConsumer({
          sqs: new SQSClient({}),
          queueUrl: environment.queueUrl,
          handlers: eventHandlers,
          waitSeconds: options.pollWaitSeconds,
          onError,
        });
        consumer.start();
      }
      client.startRenewal();
      if (options.handleSignals ?? true) {
        for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void plugin.stop());
      }
    },

    /** Stops taking work, finishes what is in hand, and closes. Safe to call more than once. */
    stop(): Promise<void> {
      stopping ??= (async () => {
        client.stopRenewal();
        await consumer?.stop();
        await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      })();
      return stopping;
    },
  };
  return plugin;
}
