import { type HttpMethod, type RoutedAction, type RouteOf, routeOf } from '../routes';
import type {
  AuditPage,
  AuditVerification,
  CatalogEntry,
  ConfigureBody,
  ConfigView,
  GrantedInstallation,
  HealthView,
  InstallationDetails,
  InstallationMetrics,
  InstallationView,
  InstallBody,
  OpenedPanel,
  Page,
  PanelForm,
  PluginDetails,
  PluginManifest,
  RedriveResult,
  Subscriber,
  SubscriberBody,
  Tenant,
  TenantInput,
  UpgradeAnswer,
  UpgradeBody,
} from './admin';
import type {
  ApiDocument,
  Credential,
  OperatorKeys,
  ProxyAnswer,
  ProxyBody,
  PublishAnswer,
  PublishBody,
  PublishedEvent,
  SelfConfig,
} from './lanes';
import type { Explanation, SimulateBody, SimulationAnswer } from './policy';
import type {
  AuditQuery,
  AuditVerifyQuery,
  CatalogQuery,
  MetricsQuery,
  NoQuery,
  Paging,
  PluginVersionQuery,
} from './queries';
import type { Rollout, RolloutBody } from './rollouts';

/*
 * The wire contract: what each route of the route table (functions/routes.ts) takes and answers,
 * keyed by the route's action. The handlers are typed against it (functions/shared/http.ts), and
 * the console, the CLI and the Node SDK read it instead of declaring the API's shapes again.
 * Types and plain data only: the console loads this in the browser, so nothing here may import
 * the AWS SDK, middy or node: modules.
 */

export type * from './admin';
export type * from './lanes';
export type * from './policy';
export type * from './problem';
export type * from './queries';
export type * from './rollouts';

/** The body each route takes; `undefined` for routes without one. */
export interface Requests {
  'tenant.create': TenantInput;
  'tenant.list': undefined;
  'tenant.read': undefined;
  'catalog.browse': undefined;
  'catalog.register': PluginManifest;
  'catalog.read': undefined;
  'catalog.delete': undefined;
  'catalog.rollout': RolloutBody;
  'catalog.rollout.read': undefined;
  'catalog.rollout.control': undefined;
  'installation.list': undefined;
  'installation.install': InstallBody;
  'installation.read': undefined;
  'installation.uninstall': undefined;
  'installation.enable': undefined;
  'installation.disable': undefined;
  'installation.config.read': undefined;
  'installation.configure': ConfigureBody;
  'installation.health': undefined;
  'installation.metrics': undefined;
  'installation.upgrade': UpgradeBody;
  'installation.redrive': undefined;
  'installation.panel.open': undefined;
  /** The form field `session` (application/x-www-form-urlencoded). */
  'panel.view': PanelForm;
  'subscriber.list': undefined;
  'subscriber.create': SubscriberBody;
  'subscriber.delete': undefined;
  'audit.read': undefined;
  'audit.verify': undefined;
  'policy.simulate': SimulateBody;
  'audit.explain': undefined;
  'canonical.publish': PublishBody | PublishedEvent;
  /** The target operation's own input. */
  'operator.call': unknown;
  'proxy.egress': ProxyBody;
  'self.config': undefined;
  'self.credential': undefined;
  'keys.operator': undefined;
  'api.document': undefined;
}

/** What each route answers on success; `undefined` for 204s. Failures are a `Problem`. */
export interface Responses {
  'tenant.create': Tenant;
  'tenant.list': Page<Tenant>;
  'tenant.read': Tenant;
  'catalog.browse': Page<CatalogEntry>;
  'catalog.register': CatalogEntry;
  'catalog.read': PluginDetails;
  'catalog.delete': undefined;
  'catalog.rollout': Rollout;
  'catalog.rollout.read': Rollout;
  'catalog.rollout.control': Rollout;
  'installation.list': Page<InstallationView>;
  'installation.install': GrantedInstallation;
  'installation.read': InstallationDetails;
  'installation.uninstall': undefined;
  'installation.enable': InstallationView;
  'installation.disable': InstallationView;
  'installation.config.read': ConfigView;
  'installation.configure': ConfigView;
  'installation.health': HealthView;
  'installation.metrics': InstallationMetrics;
  'installation.upgrade': UpgradeAnswer;
  'installation.redrive': RedriveResult;
  'installation.panel.open': OpenedPanel;
  /** The panel's HTML page. */
  'panel.view': string;
  'subscriber.list': { readonly items: readonly Subscriber[] };
  'subscriber.create': Subscriber;
  'subscriber.delete': undefined;
  'audit.read': AuditPage;
  'audit.verify': AuditVerification;
  'policy.simulate': SimulationAnswer;
  'audit.explain': Explanation;
  'canonical.publish': PublishAnswer;
  /** The target plugin's answer, passed through as it sent it. */
  'operator.call': unknown;
  'proxy.egress': ProxyAnswer;
  'self.config': SelfConfig;
  'self.credential': Credential;
  'keys.operator': OperatorKeys;
  'api.document': ApiDocument;
}

/** What each route reads from its query string. */
export interface Queries {
  'tenant.create': NoQuery;
  'tenant.list': Paging;
  'tenant.read': NoQuery;
  'catalog.browse': CatalogQuery;
  'catalog.register': NoQuery;
  'catalog.read': PluginVersionQuery;
  'catalog.delete': NoQuery;
  'catalog.rollout': NoQuery;
  'catalog.rollout.read': NoQuery;
  'catalog.rollout.control': NoQuery;
  'installation.list': Paging;
  'installation.install': NoQuery;
  'installation.read': NoQuery;
  'installation.uninstall': NoQuery;
  'installation.enable': NoQuery;
  'installation.disable': NoQuery;
  'installation.config.read': NoQuery;
  'installation.configure': NoQuery;
  'installation.health': NoQuery;
  'installation.metrics': MetricsQuery;
  'installation.upgrade': NoQuery;
  'installation.redrive': NoQuery;
  'installation.panel.open': NoQuery;
  'panel.view': NoQuery;
  'subscriber.list': NoQuery;
  'subscriber.create': NoQuery;
  'subscriber.delete': NoQuery;
  'audit.read': AuditQuery;
  'audit.verify': AuditVerifyQuery;
  'policy.simulate': NoQuery;
  'audit.explain': NoQuery;
  'canonical.publish': NoQuery;
  'operator.call': NoQuery;
  'proxy.egress': NoQuery;
  'self.config': NoQuery;
  'self.credential': NoQuery;
  'keys.operator': NoQuery;
  'api.document': NoQuery;
}

/** The status each route answers on success; failures are a `Problem` with its own status. */
export interface Answers {
  'tenant.create': 201;
  'tenant.list': 200;
  'tenant.read': 200;
  'catalog.browse': 200;
  'catalog.register': 201;
  'catalog.read': 200;
  'catalog.delete': 204;
  'catalog.rollout': 201;
  'catalog.rollout.read': 200;
  'catalog.rollout.control': 200;
  'installation.list': 200;
  'installation.install': 201;
  'installation.read': 200;
  'installation.uninstall': 204;
  'installation.enable': 200;
  'installation.disable': 200;
  'installation.config.read': 200;
  'installation.configure': 200;
  'installation.health': 200;
  'installation.metrics': 200;
  /** Upgraded (`applied`), or not yet: the permission diff to consent to. */
  'installation.upgrade': 200;
  /** Accepted: the dead letters are being moved back to the queue. */
  'installation.redrive': 202;
  'installation.panel.open': 201;
  'panel.view': 200;
  'subscriber.list': 200;
  'subscriber.create': 201;
  'subscriber.delete': 204;
  'audit.read': 200;
  'audit.verify': 200;
  'policy.simulate': 200;
  'audit.explain': 200;
  /** 202 when every event was handed to the bus; 502 when the bus refused some (each result says which). */
  'canonical.publish': 202 | 502;
  /** The target plugin's own status, passed through. */
  'operator.call': number;
  'proxy.egress': 200;
  'self.config': 200;
  'self.credential': 200;
  'keys.operator': 200;
  'api.document': 200;
}

// Every route has a request and a response entry, and no entry lacks a route: a compile error here
// names the actions that are missing or left over.
type Unmatched<A, B> = Exclude<A, B> | Exclude<B, A>;
type Matched<A, B> = [Unmatched<A, B>] extends [never] ? true : Unmatched<A, B>;
const everyRouteTakes: Matched<keyof Requests, RoutedAction> = true;
const everyRouteAnswers: Matched<keyof Responses, RoutedAction> = true;
const everyRouteReads: Matched<keyof Queries, RoutedAction> = true;
const everyRouteSucceeds: Matched<keyof Answers, RoutedAction> = true;
void everyRouteTakes;
void everyRouteAnswers;
void everyRouteReads;
void everyRouteSucceeds;

type ParamNames<Path extends string> = Path extends `${string}{${infer Name}}${infer Rest}`
  ? Name | ParamNames<Rest>
  : never;

/** The path parameters of a route, e.g. `{ tenantId, pluginId }` for an installation's routes. */
export type RouteParams<A extends RoutedAction> = { readonly [N in ParamNames<RouteOf<A>['path']>]: string };

/** What a client sends for one route: the path parameters, a query, and the body the route takes. */
export type RouteInput<A extends RoutedAction> = {
  /** The query parameters the route reads, and no others. */
  readonly query?: { readonly [Name in keyof Queries[A]]?: Queries[A][Name] | undefined };
} & (keyof RouteParams<A> extends never
  ? { readonly params?: undefined }
  : { readonly params: RouteParams<A> }) &
  (Requests[A] extends undefined ? { readonly body?: undefined } : { readonly body: Requests[A] });

/**
 * The method and path to call for a route: its parameters filled in (escaped) and the query's
 * defined values appended. Clients call routes by action, so no client spells a path again.
 */
export function routeRequest<A extends RoutedAction>(
  action: A,
  input: RouteInput<A>,
): { readonly method: HttpMethod; readonly path: string } {
  const route = routeOf(action);
  const params = (input.params ?? {}) as Readonly<Record<string, string>>;
  const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${action} needs the path parameter ${name}.`);
    return encodeURIComponent(value);
  });
  const query = new URLSearchParams(
    Object.entries((input.query ?? {}) as Readonly<Record<string, string | undefined>>).flatMap(
      ([key, value]) => (value === undefined ? [] : [[key, value] as [string, string]]),
    ),
  ).toString();
  return { method: route.method, path: query ? `${path}?${query}` : path };
}
