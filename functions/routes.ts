/**
 * The route table, defined once. The API Gateway construct builds resources and methods from it,
 * the local gateway serves it, and each area's Lambda routes its share of it. Data only: nothing
 * here imports handler code, so `lib/` can read it without bundling the functions. What each
 * route takes and answers is in functions/wire, keyed by the route's action.
 */

import type { RouteAction } from '../core/policy/actions';
import { ROLLOUT_COMMANDS } from '../core/rollout/types';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/**
 * The Lambda that serves a route: handlers are grouped by area, neither one per route nor one for
 * all. Installations are read in one area and changed in another (lifecycle), so reading carries
 * neither the lifecycle's SDK clients and Encryption SDK in its bundle nor its grants in its role.
 */
export type Area =
  | 'tenants'
  | 'catalog'
  // Staged rollouts: their own function, the only one that starts the rollout runner.
  | 'rollouts'
  | 'installations'
  | 'lifecycle'
  | 'audit'
  | 'canonical'
  | 'operator'
  | 'proxy'
  | 'self';

/**
 * Who may call: verified users (Cognito / the local issuer), verified plugin installations, the
 * holder of a console panel session (verified by the handler: a browser frame POSTs it as a form
 * field, so no authorizer can read it), or anyone (only for public keys, which must be fetchable
 * to verify anything at all).
 */
export type Caller = 'user' | 'plugin' | 'panel' | 'public';

export interface Route {
  readonly method: HttpMethod;
  /** API Gateway resource path; `{name}` segments are path parameters. */
  readonly path: string;
  readonly area: Area;
  readonly caller: Caller;
  /** The policy action `decide` is asked about (or a self-service name); the route's name in audit records. */
  readonly action: RouteAction;
  /** Whether the route takes a JSON body (validated by the handler). */
  readonly body?: boolean;
  /** Whether the route takes an `application/x-www-form-urlencoded` body instead (a browser form's). */
  readonly form?: boolean;
  /** Whether the route answers `text/html` rather than JSON (a console panel). */
  readonly html?: boolean;
  /** Path parameters that take one of a few values, so the published contract names them. */
  readonly pathValues?: Readonly<Record<string, readonly string[]>>;
  readonly summary: string;
}

const installation = '/v1/tenants/{tenantId}/installations/{pluginId}';

// `as const`: each route's action and path stay literal, so the wire contract can be keyed by them.
const TABLE = [
  {
    method: 'POST',
    path: '/v1/tenants',
    area: 'tenants',
    caller: 'user',
    action: 'tenant.create',
    body: true,
    summary: 'Create a tenant',
  },
  {
    method: 'GET',
    path: '/v1/tenants',
    area: 'tenants',
    caller: 'user',
    action: 'tenant.list',
    summary: 'List tenants',
  },
  {
    method: 'GET',
    path: '/v1/tenants/{tenantId}',
    area: 'tenants',
    caller: 'user',
    action: 'tenant.read',
    summary: 'Read a tenant',
  },

  {
    method: 'GET',
    path: '/v1/plugins',
    area: 'catalog',
    caller: 'user',
    action: 'catalog.browse',
    summary: 'Browse the catalog',
  },
  {
    method: 'POST',
    path: '/v1/plugins',
    area: 'catalog',
    caller: 'user',
    action: 'catalog.register',
    body: true,
    summary: 'Register a plugin manifest version',
  },
  {
    method: 'GET',
    path: '/v1/plugins/{pluginId}',
    area: 'catalog',
    caller: 'user',
    action: 'catalog.read',
    summary: 'Read a plugin and its versions',
  },
  {
    method: 'DELETE',
    path: '/v1/plugins/{pluginId}',
    area: 'catalog',
    caller: 'user',
    action: 'catalog.delete',
    summary: 'Remove a plugin (refused while installed)',
  },
  {
    method: 'POST',
    path: '/v1/plugins/{pluginId}/rollouts',
    area: 'rollouts',
    caller: 'user',
    action: 'catalog.rollout',
    body: true,
    summary: 'Start a staged rollout of a plugin version (one at a time per plugin)',
  },
  {
    method: 'GET',
    path: '/v1/plugins/{pluginId}/rollout',
    area: 'rollouts',
    caller: 'user',
    action: 'catalog.rollout.read',
    summary: "Read a plugin's latest rollout",
  },
  {
    method: 'POST',
    path: '/v1/plugins/{pluginId}/rollout/{command}',
    area: 'rollouts',
    caller: 'user',
    action: 'catalog.rollout.control',
    pathValues: { command: ROLLOUT_COMMANDS },
    summary: "Pause, resume, halt or roll back a plugin's rollout",
  },

  {
    method: 'GET',
    path: '/v1/tenants/{tenantId}/installations',
    area: 'installations',
    caller: 'user',
    action: 'installation.list',
    summary: "List a tenant's installations",
  },
  {
    method: 'POST',
    path: '/v1/tenants/{tenantId}/installations',
    area: 'lifecycle',
    caller: 'user',
    action: 'installation.install',
    body: true,
    summary: 'Install a plugin (with consent to its permissions)',
  },
  {
    method: 'GET',
    path: installation,
    area: 'installations',
    caller: 'user',
    action: 'installation.read',
    summary: 'Read an installation',
  },
  {
    method: 'DELETE',
    path: installation,
    area: 'lifecycle',
    caller: 'user',
    action: 'installation.uninstall',
    summary: 'Uninstall a plugin',
  },
  {
    method: 'POST',
    path: `${installation}/enable`,
    area: 'lifecycle',
    caller: 'user',
    action: 'installation.enable',
    summary: 'Enable: provision and run the plugin',
  },
  {
    method: 'POST',
    path: `${installation}/disable`,
    area: 'lifecycle',
    caller: 'user',
    action: 'installation.disable',
    summary: 'Disable: stop the plugin, keep its resources',
  },
  {
    method: 'GET',
    path: `${installation}/config`,
    area: 'installations',
    caller: 'user',
    action: 'installation.config.read',
    summary: 'Read config (secrets masked)',
  },
  {
    method: 'PUT',
    path: `${installation}/config`,
    area: 'lifecycle',
    caller: 'user',
    action: 'installation.configure',
    body: true,
    summary: 'Replace config (validated, secrets encrypted)',
  },
  {
    method: 'GET',
    path: `${installation}/health`,
    area: 'installations',
    caller: 'user',
    action: 'installation.health',
    summary: 'Health status and recent checks',
  },
  {
    method: 'GET',
    path: `${installation}/metrics`,
    area: 'installations',
    caller: 'user',
    action: 'installation.metrics',
    summary: 'Lane metrics over the last hour or day: calls, errors, latency, events, egress by host',
  },
  {
    method: 'POST',
    path: `${installation}/upgrade`,
    area: 'lifecycle',
    caller: 'user',
    action: 'installation.upgrade',
    body: true,
    summary: 'Upgrade; returns the permission diff, applies it with consent',
  },
  {
    method: 'POST',
    path: `${installation}/panels/{panelId}/session`,
    area: 'installations',
    caller: 'user',
    action: 'installation.panel.open',
    summary: "Open a short-lived session for one of the installation's console panels",
  },
  {
    // Served by the operator lane, inside the VPC, since the panel's HTML comes from the plugin.
    method: 'POST',
    path: `${installation}/panels/{panelId}`,
    area: 'operator',
    caller: 'panel',
    action: 'panel.view',
    form: true,
    html: true,
    summary: 'A console panel as HTML, for the panel session POSTed in the form field `session`',
  },
  {
    method: 'POST',
    path: `${installation}/dead-letters/redrive`,
    area: 'lifecycle',
    caller: 'user',
    action: 'installation.redrive',
    summary: 'Move dead-lettered events back to the installation queue for redelivery',
  },

  {
    method: 'GET',
    path: '/v1/tenants/{tenantId}/subscribers',
    area: 'installations',
    caller: 'user',
    action: 'subscriber.list',
    summary: "List the tenant's external event subscribers",
  },
  {
    method: 'POST',
    path: '/v1/tenants/{tenantId}/subscribers',
    area: 'lifecycle',
    caller: 'user',
    action: 'subscriber.create',
    body: true,
    summary: "Send the tenant's events of chosen types to an EventBridge bus in another account",
  },
  {
    method: 'DELETE',
    path: '/v1/tenants/{tenantId}/subscribers/{subscriberId}',
    area: 'lifecycle',
    caller: 'user',
    action: 'subscriber.delete',
    summary: 'Stop sending events to an external subscriber',
  },
  {
    method: 'GET',
    path: '/v1/tenants/{tenantId}/audit',
    area: 'audit',
    caller: 'user',
    action: 'audit.read',
    summary: 'Query audit records',
  },
  {
    method: 'GET',
    path: '/v1/tenants/{tenantId}/audit/verify',
    area: 'audit',
    caller: 'user',
    action: 'audit.verify',
    summary: "Verify the tenant's audit chain",
  },

  {
    method: 'GET',
    path: '/v1/tenants/{tenantId}/audit/{seq}/explain',
    area: 'audit',
    caller: 'user',
    action: 'audit.explain',
    summary: 'Why an audit record decided as it did, asked again of today’s policy',
  },
  {
    method: 'POST',
    path: '/v1/tenants/{tenantId}/policy/simulate',
    area: 'installations',
    caller: 'user',
    action: 'policy.simulate',
    body: true,
    summary: 'What a plugin (installed or proposed) or a role may do, as policy decides it; changes nothing',
  },

  // The three lanes: callers are plugin installations, identified only by their credential.
  {
    method: 'POST',
    path: '/v1/canonical/events',
    area: 'canonical',
    caller: 'plugin',
    action: 'canonical.publish',
    body: true,
    summary: 'Publish one canonical event or a batch of up to 10',
  },
  {
    method: 'POST',
    path: '/v1/operator/{targetPluginId}/{operation}',
    area: 'operator',
    caller: 'plugin',
    action: 'operator.call',
    body: true,
    summary: "Call another plugin's operation",
  },
  {
    method: 'POST',
    path: '/v1/proxy',
    area: 'proxy',
    caller: 'plugin',
    action: 'proxy.egress',
    body: true,
    summary: 'Send an HTTPS request to an allowlisted host',
  },

  // A plugin's view of itself, and the keys plugins verify the core with.
  {
    method: 'GET',
    path: '/v1/self/config',
    area: 'self',
    caller: 'plugin',
    action: 'self.config',
    summary: "The calling installation's config (secrets only by name)",
  },
  {
    method: 'POST',
    path: '/v1/self/credential',
    area: 'self',
    caller: 'plugin',
    action: 'self.credential',
    summary: 'Exchange a valid credential for a fresh one before it expires',
  },
  {
    method: 'GET',
    path: '/v1/keys/operator',
    area: 'self',
    caller: 'public',
    action: 'keys.operator',
    summary: 'The JWKS that verifies signed operator calls',
  },
  {
    method: 'GET',
    path: '/v1/openapi.json',
    area: 'self',
    caller: 'public',
    action: 'api.document',
    summary: 'This API’s OpenAPI 3.1 document (schemas/openapi.json)',
  },
] as const satisfies readonly Route[];

export const ROUTES: readonly Route[] = TABLE;

/** The actions the table has a route for (`canonical.subscribe` is decided, but is no route). */
export type RoutedAction = (typeof TABLE)[number]['action'];

/** The route named by an action: its method, path and area as literal types. */
export type RouteOf<A extends RoutedAction> = Extract<(typeof TABLE)[number], { readonly action: A }>;

/** The actions of one area's routes. */
export type ActionOf<A extends Area> = Extract<(typeof TABLE)[number], { readonly area: A }>['action'];

export const routesOf = (area: Area): readonly Route[] => ROUTES.filter((route) => route.area === area);

export const findRoute = (method: string, path: string): Route | undefined =>
  ROUTES.find((route) => route.method === method && route.path === path);

export const routeOf = <A extends RoutedAction>(action: A): RouteOf<A> =>
  ROUTES.find((route) => route.action === action) as RouteOf<A>;
