import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { memoryAuditLog } from '../../../adapters/memory/audit-log';
import { memoryCanonicalBus } from '../../../adapters/memory/canonical-bus';
import { memoryPluginCredentials } from '../../../adapters/memory/plugin-credentials';
import { memoryRateLimiter } from '../../../adapters/memory/rate-limiter';
import { memoryRegistry } from '../../../adapters/memory/registry';
import { readAuditTrail } from '../../../application/audit/audit-trail';
import { canonicalPublish } from '../../../application/lanes/canonical-publish';
import { operatorCall } from '../../../application/lanes/operator-call';
import { pluginPrincipal } from '../../../application/lanes/plugin-principal';
import { proxyEgress } from '../../../application/lanes/proxy-egress';
import { listInstallations, readConfig } from '../../../application/lifecycle/inspect';
import { simulatePolicy } from '../../../application/policy/simulate';
import { knownEventTypes } from '../../../core/canonical';
import { EgressDeniedError, PolicyDeniedError } from '../../../core/errors';
import type { Installation } from '../../../core/installation/types';
import type { InstallationState } from '../../../core/lifecycle';
import type { PluginManifest } from '../../../core/manifest/types';
import { ROLES, type Role } from '../../../core/policy';
import type { SimulatedResource, SimulationRequest } from '../../../core/policy/simulation';
import { manifest, TENANT, user } from '../policy/fixtures';

/*
 * Simulation and enforcement agree: for random plugins (traits, clearances, declared events,
 * calls, allowed domains, bound secrets, lifecycle states), random actions and random resources,
 * what `simulatePolicy` answers is what the lane then does with the same inputs, driven through
 * the application's own lane actions on the memory adapters. "Allowed" means the lane got past
 * every permission (policy and the egress guard's refusals); what fails later (event data, a
 * missing secret value) is not a permission and counts as allowed. For roles, the same with the
 * administrative actions' use cases.
 */

const STATES: readonly InstallationState[] = ['Active', 'Unhealthy', 'Disabled', 'Registered'];
const TYPES = [...knownEventTypes(), 'Unknown.v1'];
const CALLS = [
  'storage.getDocument',
  'storage.getChart',
  'storage.missing',
  'ghost.op',
  'caller.getDocument',
];
const DOMAINS = ['api.example.com', '*.partner.example'];
const URLS = [
  'https://api.example.com/v1/send',
  'https://a.partner.example/x',
  'https://partner.example/x',
  'https://evil.example/',
  'http://api.example.com/',
  'https://10.0.0.1/',
  'https://user:pw@api.example.com/',
  'not a url',
];

const subset = <T>(items: readonly T[]) => fc.subarray([...items]);

const callerArbitrary = fc.record({
  traits: subset(['handles_phi', 'handles_pii']),
  classifications: subset(['internal', 'confidential', 'pii', 'phi'] as const),
  publishes: subset(knownEventTypes()),
  subscribes: subset(knownEventTypes()),
  calls: subset(CALLS),
  domains: subset(DOMAINS),
  secretHosts: fc.constantFrom(undefined, ['api.example.com'], ['*.partner.example']),
  state: fc.constantFrom(...STATES),
});

const targetArbitrary = fc.record({
  installed: fc.boolean(),
  state: fc.constantFrom(...STATES),
  getChart: fc.constantFrom('internal', 'pii', 'phi') as fc.Arbitrary<'internal' | 'pii' | 'phi'>,
});

const actionArbitrary: fc.Arbitrary<{ action: string; resource: SimulatedResource }> = fc.oneof(
  fc.record({
    action: fc.constant('canonical.publish'),
    resource: fc.record({ eventType: fc.constantFrom(...TYPES) }),
  }),
  fc.record({
    action: fc.constant('operator.call'),
    resource: fc.record({
      targetPluginId: fc.constantFrom('storage', 'ghost', 'caller'),
      operation: fc.constantFrom('getDocument', 'getChart', 'missing'),
    }),
  }),
  {
    weight: 2,
    arbitrary: fc.record({
      action: fc.constant('proxy.egress'),
      resource: fc.record({ url: fc.constantFrom(...URLS), secrets: subset(['apiToken', 'cdnKey']) }),
    }),
  },
);

type Caller = typeof callerArbitrary extends fc.Arbitrary<infer T> ? T : never;
type Target = typeof targetArbitrary extends fc.Arbitrary<infer T> ? T : never;

const installationOf = (m: PluginManifest, state: InstallationState): Installation => ({
  tenantId: TENANT,
  pluginId: m.id,
  installationId: `inst-${m.id}`,
  pluginVersion: m.version,
  state,
  rev: 1,
  config: {},
  sealedSecrets: {},
  resources: {},
  health: { consecutiveFailures: 0, history: [] },
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  updatedBy: 'admin-1',
});

// One key pair for every world: generating one per run would be most of the test's time.
const credentials = memoryPluginCredentials();

async function world(caller: Caller, target: Target) {
  const registry = memoryRegistry();
  const audit = memoryAuditLog();
  const callerManifest: PluginManifest = {
    ...manifest({
      id: 'caller',
      traits: caller.traits,
      classifications: caller.classifications,
      publishes: caller.publishes,
      subscribes: caller.subscribes,
      calls: caller.calls,
    }),
    allowed_domains: caller.domains,
    config: {
      type: 'object',
      properties: {
        apiToken: {
          type: 'string',
          'x-secret': true,
          // Within allowed_domains, as manifest validation holds a binding to.
          ...(caller.secretHosts?.every((host) => caller.domains.includes(host))
            ? { 'x-secret-hosts': caller.secretHosts }
            : {}),
        },
        cdnKey: { type: 'string', 'x-secret': true },
      },
    },
  };
  const storage = manifest({
    id: 'storage',
    exposes: {
      getDocument: { method: 'POST', path: '/d', data_classification: 'internal' },
      getChart: { method: 'POST', path: '/c', data_classification: target.getChart },
    },
  });
  for (const m of [callerManifest, storage])
    await registry.catalog.register(m, 'operator-1', '2026-01-01T00:00:00.000Z');
  const installation = installationOf(callerManifest, caller.state);
  await registry.installations.create(installation);
  if (target.installed) await registry.installations.create(installationOf(storage, target.state));
  const { token } = await credentials.issue(installation);
  const deps = {
    ...registry,
    audit,
    rateLimiter: memoryRateLimiter(),
    tierOf: async () => 'standard' as const,
  };
  return { deps, token, audit, credentials };
}

/** Whether the lane got past every permission: policy's and the egress guard's refusals are the only "no". */
async function enforced(promise: Promise<unknown>): Promise<'allow' | 'deny'> {
  try {
    await promise;
    return 'allow';
  } catch (error) {
    if (error instanceof PolicyDeniedError || error instanceof EgressDeniedError) return 'deny';
    return 'allow';
  }
}

async function runLane(w: Awaited<ReturnType<typeof world>>, action: string, resource: SimulatedResource) {
  const call = {
    action,
    route: { kind: 'route', id: action },
    traceId: 'lane',
    credential: w.token,
    claimed: {},
  };
  const authenticated = pluginPrincipal(w.deps, w.credentials, call);
  return enforced(
    authenticated.then(async ({ principal, installation }) => {
      if (action === 'canonical.publish') {
        return canonicalPublish(
          {
            ...w.deps,
            bus: memoryCanonicalBus(),
            busName: 'bus',
            viewsOf: async () => ({ views: new Map(), detail: new Map() }),
            now: () => new Date(),
          },
          { principal, traceId: 'lane', events: [{ type: resource.eventType!, data: {} }] },
        );
      }
      if (action === 'operator.call') {
        return operatorCall(
          {
            ...w.deps,
            signer: { sign: async () => 'signature' },
            endpoints: { endpointOf: async () => 'http://storage.local', forget: () => undefined },
            callPlugin: async () => ({ status: 200, headers: {}, body: '{}' }) as never,
          },
          {
            principal,
            traceId: 'lane',
            targetPluginId: resource.targetPluginId!,
            operation: resource.operation!,
            body: {},
          },
        );
      }
      const references = (resource.secrets ?? []).map((name) => `{{secret:${name}}}`).join(' ');
      return proxyEgress(
        {
          ...w.deps,
          envelope: { open: async () => 'value' },
          egress: async (request) => ({
            status: 200,
            headers: {},
            body: Buffer.from(''),
            hops: [new URL(request.url)],
          }),
        },
        {
          principal,
          installation,
          traceId: 'lane',
          ask: { method: 'POST', url: resource.url!, body: references },
        },
      );
    }),
  );
}

const admin = user(['admin']);
const simulation = (raw: SimulationRequest) => ({ raw, parse: (body: unknown) => body as SimulationRequest });

describe('simulation agrees with enforcement', () => {
  it('for random plugins, lane actions and resources, simulate answers what the lane does', async () => {
    await fc.assert(
      fc.asyncProperty(
        callerArbitrary,
        targetArbitrary,
        actionArbitrary,
        async (caller, target, { action, resource }) => {
          // Prepare
          const w = await world(caller, target);

          // Act
          const simulated = await simulatePolicy(w.deps, {
            principal: admin,
            tenantId: TENANT,
            traceId: 'sim',
            body: simulation({ principal: { installation: 'caller' }, action, resource }),
          });
          const lane = await runLane(w, action, resource);

          // Assess
          expect('decision' in simulated && simulated.decision.effect).toBe(lane);
          const refusal = (await w.audit.query(TENANT, { traceId: 'lane', decision: 'deny' }, 10)).items[0];
          if (lane === 'deny' && 'decision' in simulated) {
            const reasons = simulated.decision.decision?.reasons ?? [];
            const failed = simulated.decision.checks.filter((c) => !c.allowed).map((c) => c.reason);
            // The lane refused with the reasons simulate gave: decide's own, or the failing check's.
            expect(refusal?.reasons).toEqual(
              simulated.decision.decision?.effect === 'deny' ? reasons : failed,
            );
          }
        },
      ),
      { numRuns: 400 },
    );
  }, 60_000);

  it('for random roles and administrative actions, simulate answers what the use case does', async () => {
    const uses: Record<
      string,
      (deps: Awaited<ReturnType<typeof world>>['deps'], role: Role) => Promise<unknown>
    > = {
      'installation.list': (deps, role) =>
        listInstallations(
          deps,
          { principal: user([role]), tenantId: TENANT, traceId: 't' },
          {
            raw: {},
            parse: () => ({ limit: 10 }),
          },
        ),
      'installation.config.read': (deps, role) =>
        readConfig(deps, { principal: user([role]), tenantId: TENANT, pluginId: 'caller', traceId: 't' }),
      'audit.read': (deps, role) =>
        readAuditTrail(deps, {
          principal: user([role]),
          tenantId: TENANT,
          traceId: 't',
          filter: {},
          page: { raw: {}, parse: () => ({ limit: 10 }) },
        }),
      'policy.simulate': (deps, role) =>
        simulatePolicy(deps, {
          principal: user([role]),
          tenantId: TENANT,
          traceId: 't',
          body: simulation({ principal: { role }, all: true }),
        }),
    };
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ROLES),
        fc.constantFrom(...Object.keys(uses)),
        callerArbitrary,
        async (role, action, caller) => {
          const w = await world(caller, { installed: false, state: 'Active', getChart: 'internal' });
          const simulated = await simulatePolicy(w.deps, {
            principal: admin,
            tenantId: TENANT,
            traceId: 'sim',
            body: simulation({ principal: { role }, action, resource: { pluginId: 'caller' } }),
          });
          const enforcedEffect = await enforced(uses[action]!(w.deps, role));
          expect('decision' in simulated && simulated.decision.effect).toBe(enforcedEffect);
        },
      ),
      { numRuns: 80 },
    );
  }, 60_000);
});
