import { join } from 'node:path';
import { DevIssuer } from '../../adapters/identity/dev-issuer';
import { rolloutRunner } from '../../application/rollouts/runner';
import { auditApi } from '../../functions/audit/api';
import { catalogApi } from '../../functions/catalog/api';
import { checkHealth, httpProbe } from '../../functions/health/check';
import { installationsApi } from '../../functions/installations/api';
import { pluginEnvironment } from '../../functions/installations/provisioning';
import { canonicalLane } from '../../functions/lanes/canonical/api';
import { operatorLane } from '../../functions/lanes/operator/api';
import { wakingEndpoints } from '../../functions/lanes/operator/waking-endpoints';
import { type ProxyLaneOptions, proxyLane } from '../../functions/lanes/proxy/api';
import { selfService } from '../../functions/lanes/self/api';
import { lifecycleApi } from '../../functions/lifecycle/api';
import { sweepStuck } from '../../functions/lifecycle-sweep/sweep';
import { rolloutsApi } from '../../functions/rollouts/api';
import type { ControlPlane } from '../../functions/shared/control-plane';
import { awsControlPlane } from '../../functions/shared/platform/aws';
import { awsBus } from '../../functions/shared/platform/aws/canonical-bus';
import { awsQueueBacklog } from '../../functions/shared/platform/aws/dead-letter-counts';
import { awsOperatorSigner } from '../../functions/shared/platform/aws/operator';
import { composePlatform } from '../../functions/shared/platform/compose';
import { list } from '../../functions/shared/platform/config';
import { localRuntime, localUsers, runtimeEndpoints } from '../../functions/shared/platform/local';
import { memoryPorts } from '../../functions/shared/platform/memory';
import { tenantsApi } from '../../functions/tenants/api';
import { CHECKOUT, localState } from '../checkout';
import { consoleServer } from './console';
import { localGateway } from './gateway';
import { type DevResources, provisionDevResources } from './resources';
import { CONSOLE_USERS } from './users';

export interface DevOptions {
  /** Gateway port on 127.0.0.1. */
  readonly port: number;
  /** Resource name prefix in the emulators. @default 'vivified-dev' */
  readonly prefix?: string;
  /**
   * Tenants that get a KMS key of their own in the emulators, as `vivified:dedicatedKeyTenants`
   * gives them deployed; only these may be created with `keyMode: 'dedicated'`.
   * @default VIVIFIED_DEDICATED_KEY_TENANTS (comma-separated), else none
   */
  readonly dedicatedKeyTenants?: readonly string[];
  /** Where plugin logs go. @default .localstack/plugins of the checkout */
  readonly logDirectory?: string;
  /** Seconds between health rounds. @default 30 */
  readonly healthIntervalSeconds?: number;
  /**
   * Milliseconds between rollout steps: deployed, Step Functions ticks each rollout; here one
   * runner does, so a started rollout moves without anyone calling `tick`.
   * @default VIVIFIED_ROLLOUT_INTERVAL_MS, else 2000
   */
  readonly rolloutIntervalMs?: number;
  /**
   * Seconds without events before a plugin is stopped (scale-to-zero), unless its manifest says
   * `runtime.always_on` or gives its own `runtime.idle_after_seconds`.
   * @default VIVIFIED_IDLE_AFTER_SECONDS, else none: only plugins whose manifest asks for it sleep
   */
  readonly idleAfterSeconds?: number;
  /**
   * How many times a plugin's queue hands it an event before the event goes to its dead-letter
   * queue: lower it to see a failing handler's events reach the DLQ sooner.
   * @default VIVIFIED_MAX_RECEIVE_COUNT, else 5 (as deployed)
   */
  readonly maxReceiveCount?: number;
  readonly say?: (line: string) => void;
  /**
   * The development issuer's signing key: kept, so tokens (and a logged-in profile) stay valid
   * across restarts on the same port. @default .localstack/dev-issuer-key.json of the checkout
   */
  readonly issuerKeyFile?: string;
  /** The built console to serve at `/`. @default console/dist of the checkout */
  readonly consoleDirectory?: string;
  /**
   * Egress settings of the local proxy lane (the demo's upstreams: names resolved to loopback, a
   * port and range allowed, their CA trusted). Deployed platforms have none of these.
   */
  readonly egress?: Pick<ProxyLaneOptions, 'egress' | 'resolve'> & { readonly ca?: readonly string[] };
}

/**
 * What a plugin process inherits from `vivified dev`: where the emulators are and the region and
 * credentials they accept — locally what a Fargate task gets from its task role and VPC endpoints.
 */
const EMULATOR_ENVIRONMENT = [
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_ENDPOINT_URL',
  'AWS_ENDPOINT_URL_SQS',
  'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED',
];

// What a plugin's local_command needs of its toolchain: Go finds its module and build caches
// from these (a Go plugin is built as it starts). Locally a plugin runs as the developer anyway,
// so passing them on hides nothing it could not read; deployed, a task has only its definition's.
const TOOLCHAIN_ENVIRONMENT = [
  'HOME',
  'GOPATH',
  'GOMODCACHE',
  'GOCACHE',
  'GOPROXY',
  'GOFLAGS',
  'GOTOOLCHAIN',
];

export interface DevPlatform {
  readonly url: string;
  readonly issuer: DevIssuer;
  readonly plane: ControlPlane;
  readonly resources: DevResources;
  stop(): Promise<void>;
}

/**
 * The whole platform on one machine: the platform resources in the emulators, the real handlers
 * behind the local gateway (API-Gateway-shaped events), plugins as local processes with the
 * environment a Fargate task gets, the health schedule, and a development token issuer.
 */
export async function startDev(options: DevOptions): Promise<DevPlatform> {
  const say = options.say ?? (() => undefined);
  say('provisioning platform resources in the emulators…');
  const resources = await provisionDevResources(
    options.prefix,
    options.dedicatedKeyTenants ?? list(process.env.VIVIFIED_DEDICATED_KEY_TENANTS),
  );
  const url = `http://127.0.0.1:${options.port}`;
  const issuer = await DevIssuer.persistent(
    options.issuerKeyFile ?? localState('dev-issuer-key.json'),
    `${url}/dev-issuer`,
    'vivified-console',
  );
  const config = {
    serviceName: 'vivified-dev',
    maxReceiveCount: options.maxReceiveCount ?? receiveLimit(process.env.VIVIFIED_MAX_RECEIVE_COUNT),
    table: resources.tableName,
    auditBucket: resources.auditBucket,
    platformKey: resources.platformKeyArn,
    credentialKey: resources.signingKeyId,
    busName: resources.busName,
    operatorKeySecret: resources.operatorKeySecret,
    panelKeySecret: resources.panelKeySecret,
    jwtIssuer: issuer.issuer,
    jwtAudience: issuer.audience,
    userTokenKeys: issuer.keys,
    devUsers: CONSOLE_USERS,
    apiUrl: url,
    unhealthyAfter: 3,
    corsOrigins: [url, 'http://127.0.0.1:5173'],
    localPlugins: {
      logDirectory: options.logDirectory ?? localState('plugins'),
      // Manifests' local_command paths are relative to the checkout, wherever dev was started.
      directory: CHECKOUT,
      inheritEnvironment: [...EMULATOR_ENVIRONMENT, ...TOOLCHAIN_ENVIRONMENT],
    },
  };
  // One process serves every lane and the health page: the lanes' counts are kept in memory here.
  // Dead letters are observable here (the emulated SQS's queue depth), deliveries are not: the
  // health page's reads sample each installation's DLQ through the platform's own wiring.
  const local = memoryPorts({ deadLetters: (queues) => platform.subscriptions.deadLetters(queues) });
  const platform = composePlatform(config, {
    ...awsControlPlane,
    laneMetrics: local.laneMetrics,
    metricsReader: local.metricsReader,
    // Plugins are local processes on ports of their own, which only the runtime knows.
    runtime: localRuntime,
    users: localUsers,
    endpoints: runtimeEndpoints,
    bus: awsBus,
    signer: awsOperatorSigner,
    // One process: counters in memory are exact here, and need no table of their own.
    rateLimiter: local.rateLimiter,
    queueBacklog: awsQueueBacklog,
  });
  const { runtime, credentials, identity } = platform;
  const plane: ControlPlane = platform;
  const signer = await platform.signer;
  const gateway = localGateway({
    areas: {
      tenants: tenantsApi(plane),
      catalog: catalogApi(plane),
      rollouts: rolloutsApi(plane),
      installations: installationsApi(plane),
      lifecycle: lifecycleApi(plane),
      audit: auditApi({ ...plane, users: platform.users }),
      canonical: canonicalLane(plane, { identity, bus: platform.bus, busName: resources.busName }),
      operator: operatorLane(plane, {
        identity,
        signer,
        // A target stopped for being idle is started again by the call that needs it.
        endpoints: wakingEndpoints(runtime, platform.endpoints, { probe: httpProbe(500) }),
      }),
      proxy: proxyLane(plane, {
        identity,
        egress: options.egress?.egress,
        resolve: options.egress?.resolve,
        ...(options.egress?.ca ? { limits: { ca: options.egress.ca } } : {}),
      }),
      self: selfService(plane, { credentials, operatorKeys: () => signer.jwks }),
    },
    documents: { '/.well-known/jwks.json': () => issuer.jwks },
    fallback: consoleServer({
      directory: options.consoleDirectory ?? join(CHECKOUT, 'console', 'dist'),
      issuer,
    }),
    onError: (error) => say(`gateway error: ${(error as Error).stack ?? error}`),
  });
  await gateway.listen(options.port);
  say(`gateway listening on ${url}`);

  // Local processes stop with the gateway; a restart brings back every installation that was running.
  for (const state of ['Active', 'Unhealthy'] as const) {
    for await (const installation of plane.installations.inState(state)) {
      const manifest = await plane.catalog.getManifest(installation.pluginId, installation.pluginVersion);
      if (!manifest?.runtime.local_command || !installation.resources.queueUrl) continue;
      const { token } = await credentials.issue(installation);
      await runtime.start({
        tenantId: installation.tenantId,
        pluginId: installation.pluginId,
        installationId: installation.installationId,
        pluginVersion: installation.pluginVersion,
        runtime: manifest.runtime,
        credential: token,
        environment: pluginEnvironment(plane, installation, installation.resources.queueUrl),
      });
      // One asleep when dev stopped stays asleep (its process exists, stopped, so waking finds it).
      if (installation.health.asleepSince) await runtime.stop(installation.installationId);
      say(`restarted ${installation.tenantId}/${installation.pluginId}`);
    }
  }

  const envIdle = Number(process.env.VIVIFIED_IDLE_AFTER_SECONDS);
  const idleAfterSeconds = options.idleAfterSeconds ?? (envIdle > 0 ? envIdle : undefined);
  const idle = { runtime, queues: platform.queueBacklog, idleAfterSeconds };
  const health = setInterval(
    () => {
      sweepStuck(plane)
        .then(() => checkHealth({ ...plane, idle }))
        .catch((error: unknown) => say(`health round failed: ${(error as Error).message}`));
    },
    (options.healthIntervalSeconds ?? 30) * 1000,
  );
  health.unref();

  const envRollout = Number(process.env.VIVIFIED_ROLLOUT_INTERVAL_MS);
  const rollouts = rolloutRunner(
    {
      ...plane,
      // A step that fails is logged and retried on the next round, as the health round's are.
      logger: {
        error: (message, attributes) =>
          say(`${message} (${String(attributes.pluginId)}): ${String((attributes.error as Error)?.message)}`),
      },
    },
    options.rolloutIntervalMs ?? (envRollout > 0 ? envRollout : 2000),
  );

  return {
    url,
    issuer,
    plane,
    resources,
    async stop() {
      clearInterval(health);
      await rollouts.stop();
      await gateway.close();
      await runtime.stopAll();
    },
  };
}

/** SQS's range for a redrive policy's `maxReceiveCount`. */
export const RECEIVE_LIMITS = { min: 1, max: 1000 } as const;

/** A receive limit from text (an option or the environment), refused outside SQS's range; none: 5. */
export function receiveLimit(text: string | undefined): number {
  if (text === undefined || text === '') return 5;
  const limit = Number(text);
  if (!Number.isInteger(limit) || limit < RECEIVE_LIMITS.min || limit > RECEIVE_LIMITS.max)
    throw new Error(
      `the receive limit must be a whole number from ${RECEIVE_LIMITS.min} to ${RECEIVE_LIMITS.max}, not ${text}`,
    );
  return limit;
}
