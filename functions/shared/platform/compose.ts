import type { TaskRoles } from '../../../adapters/aws/task-roles';
import {
  announcingCatalog,
  announcingInstallations,
  type RegistryChanges,
  registryChanges,
} from '../../../application/registry-changes';
import type {
  AuditArchive,
  AuditLog,
  CanonicalBus,
  CatalogStore,
  DedicatedKeys,
  ExternalTargets,
  InstallationStore,
  LaneIdentity,
  LaneMetricsReader,
  LaneMetricsRecorder,
  OperatorCallSigner,
  PanelSessions,
  PlatformEvents,
  PluginEndpoints,
  QueueBacklog,
  RateLimiter,
  RolloutDriver,
  RolloutStore,
  RuntimeProbe,
  SubscriberStore,
  SubscriptionWiring,
  TenantStore,
  UserAuthentication,
  UserDirectory,
} from '../../../core/ports';
import { type ControlPlane, observability } from '../control-plane';
import type { PlatformConfig } from './config';

/**
 * Every part a factory can build, at the least each caller needs of it: a handler given the
 * dedicated keys alone gets `DedicatedKeys`, one given the whole envelope gets `Envelope` (the
 * composed platform carries each factory's own return type).
 */
export interface Ports {
  readonly tenants: TenantStore;
  /** Manifests by version at the least (the lanes); the whole store for the control plane. */
  readonly catalog: Pick<CatalogStore, 'getManifest'>;
  readonly installations: InstallationStore;
  readonly rollouts: RolloutStore;
  /** What keeps a started rollout stepping (Step Functions deployed; the polling runner locally). */
  readonly rolloutDriver: RolloutDriver;
  readonly subscribers: SubscriberStore;
  readonly audit: AuditLog;
  /** The Object Lock bucket audit records are kept in. */
  readonly auditArchive: AuditArchive;
  readonly envelope: DedicatedKeys;
  /** The health round's view (status, credential rotation) at the least; the lifecycle's whole runtime. */
  readonly runtime: RuntimeProbe;
  /** Dead-letter counts at the least (health); the whole wiring for the lifecycle. */
  readonly subscriptions: Pick<SubscriptionWiring, 'deadLetters'>;
  /** Events at installations' queues: what tells the health round an installation is idle. */
  readonly queueBacklog: QueueBacklog;
  readonly events: PlatformEvents;
  readonly externalTargets: ExternalTargets;
  /** Plugin credentials; verifying them is also how the lanes know their caller. */
  readonly credentials: LaneIdentity;
  readonly authenticate: UserAuthentication;
  /** Console panel sessions, under the key in Secrets Manager deployed. */
  readonly panelSessions: PanelSessions;
  /** Who user subjects are, where a directory knows (the development issuer's people). */
  readonly users: UserDirectory;
  /** The canonical lane's way onto the bus. */
  readonly bus: CanonicalBus;
  /** The operator lane's signing key, read once (from Secrets Manager, deployed). */
  readonly signer: Promise<OperatorCallSigner>;
  /** Where the operator lane reaches a target. */
  readonly endpoints: PluginEndpoints;
  /** The plugin lanes' shared call counters. */
  readonly rateLimiter: RateLimiter;
  /** Where the lanes count each installation's calls. */
  readonly laneMetrics: LaneMetricsRecorder;
  /** Reads an installation's lane metrics back (the health page's charts). */
  readonly metricsReader: LaneMetricsReader;
  /** The per-installation task roles (the task-role function's IAM side). */
  readonly taskRoles: TaskRoles;
  readonly settings: ControlPlane['settings'];
}

/** What the root has built before the rest, for the factories that depend on another port. */
export interface Wired {
  /**
   * The audit archive, when it is composed beside the audit log: then no table stream feeds it,
   * and the log archives each request's records itself.
   */
  readonly archive?: AuditArchive;
  readonly runtime?: RuntimeProbe;
}

/** Builds one part from the configuration (and what is wired before it). */
export type PortFactory<C, P> = (config: C, wired: Wired) => P;

/**
 * A table of factories, one per part a caller wants: the adapters of only those ports are imported,
 * so a handler's bundle carries only them (lib/bundling.ts says why that matters).
 */
export type PortFactories<C> = { readonly [K in keyof Ports]?: PortFactory<C, Ports[K]> };

/** Every platform has these, whatever its ports. */
export interface Shared {
  readonly logger: ControlPlane['logger'];
  readonly metrics: ControlPlane['metrics'];
  readonly now: () => Date;
  /** Registry writes made through this platform's stores, for the lanes' caches in the same process. */
  readonly registryChanges: RegistryChanges;
}

/** The platform a table of factories builds: each part as its factory types it, plus the shared parts. */
export type Platform<F> = {
  readonly [K in keyof F & keyof Ports]: F[K] extends PortFactory<never, infer P> ? P : never;
} & Shared &
  (F extends { readonly credentials: PortFactory<never, infer C> } ? { readonly identity: C } : unknown);

/** Configuration the root itself reads. */
type RootConfig = Pick<PlatformConfig, 'serviceName'>;

/**
 * The one composition root: every deployed handler (configuration from its environment),
 * `vivified dev`, the test platform and the benchmarks build their platform here, each from a
 * configuration and a table of port factories (./aws, ./local.ts, ./memory.ts). The decisions
 * that join one port to another are made here and nowhere else:
 *
 * - the audit log archives through the audit archive only when both are in the table: deployed
 *   no function has both, since the registry table's stream feeds the archiver function and no
 *   request waits for S3; locally there is no stream, so each request's records are archived as
 *   it settles;
 * - the runtime is built before the rest, so operator endpoints can be asked of it (locally,
 *   where plugins are processes on ports of their own);
 * - plugin credentials are also the lanes' identity: a lane knows its caller by verifying the
 *   credential the platform issued;
 * - the installation store and the catalog announce their writes on the platform's registry
 *   changes, which the lanes' caches of installations and manifests forget at once: in one process
 *   (`vivified dev`, the test platform) a disable reaches the lanes immediately, and deployed,
 *   where the lifecycle is a function of its own, the caches' TTLs bound it (docs/caches.md);
 * - tenant keys reach the envelope from the registry's key items (./aws/envelope.ts), and the
 *   tenants function, which only asks who has one, reads the same items without the Encryption
 *   SDK (./aws/dedicated-keys.ts).
 *
 * Factories run once, when the caller composes: deployed that is a container's cold start, and
 * the SDK clients they hand the adapters are module-scope singletons (adapters/aws/clients.ts)
 * unless the configuration brings its own.
 */
export function composePlatform<C extends RootConfig, const F extends PortFactories<NoInfer<C>>>(
  config: C,
  adapters: F,
): Platform<F> {
  const factories: PortFactories<C> = adapters;
  const auditArchive = factories.auditArchive?.(config, {});
  const runtime = factories.runtime?.(config, {});
  const wired: Wired = { archive: auditArchive, runtime };
  const early: Partial<Record<keyof Ports, unknown>> = { auditArchive, runtime };
  const built: Partial<Record<keyof Ports, unknown>> = {};
  for (const [name, factory] of Object.entries(factories) as Array<[keyof Ports, PortFactory<C, unknown>]>) {
    built[name] = name in early ? early[name] : factory(config, wired);
  }
  const changes = registryChanges();
  if (built.installations)
    built.installations = announcingInstallations(built.installations as InstallationStore, changes);
  // Only the whole catalog writes; the lanes' manifest readers have nothing to announce.
  if (built.catalog && 'register' in (built.catalog as object))
    built.catalog = announcingCatalog(built.catalog as CatalogStore, changes);
  return {
    ...built,
    registryChanges: changes,
    ...(built.credentials ? { identity: built.credentials } : {}),
    ...observability(config.serviceName),
    now: () => new Date(),
  } as Platform<F>;
}
