import { type FieldError, NotFoundError, ValidationError } from '../../core/errors';
import {
  type Action,
  decide,
  type OperatorTarget,
  type PluginPrincipal,
  type Principal,
  type UserPrincipal,
} from '../../core/policy';
import { pluginMatrix, roleMatrix } from '../../core/policy/matrix';
import type { SimulatedSubject, SimulationAnswer, SimulationRequest } from '../../core/policy/simulation';
import type { CatalogStore, InstallationStore } from '../../core/ports';
import type { Unvalidated } from '../attempt';
import { type AuditAppender, guard } from '../guard';
import type { EgressSettings } from '../lanes/egress-checks';
import type { Counter } from '../observability';
import { answer, simulatePluginAction } from './plugin-question';
import { tenantInstallations } from './tenant-installations';

export interface SimulateDeps {
  readonly installations: Pick<InstallationStore, 'get' | 'list'>;
  readonly catalog: Pick<CatalogStore, 'getManifest'>;
  readonly audit: AuditAppender;
  readonly metrics?: Counter;
  /** The proxy lane's egress settings, so egress is simulated as the lane checks it. */
  readonly egress?: EgressSettings;
}

export interface SimulateAsk {
  readonly principal: Principal;
  readonly tenantId: string;
  readonly traceId: string;
  readonly body: Unvalidated<SimulationRequest>;
}

/** Who is simulated, as a principal `decide` takes, and the state its lanes would see. */
interface Subject {
  readonly principal: PluginPrincipal | UserPrincipal;
  readonly state: OperatorTarget['state'];
  readonly described: SimulatedSubject;
}

/** Exactly one principal and exactly one of a question and `all`: every mistake at once. */
function shapeErrors(request: SimulationRequest): FieldError[] {
  const { installation, pluginId, version, role } = request.principal;
  const errors: FieldError[] = [];
  const kinds = [installation, pluginId ?? version, role].filter((given) => given !== undefined);
  if (kinds.length !== 1) {
    errors.push({
      pointer: '/principal',
      message: 'must name exactly one of installation, pluginId with version, or role',
    });
  } else if ((pluginId === undefined) !== (version === undefined)) {
    errors.push({
      pointer: pluginId === undefined ? '/principal/pluginId' : '/principal/version',
      message: 'is required with a proposed plugin: pluginId and version name it together',
    });
  }
  if ((request.all === true) === (request.action !== undefined)) {
    errors.push({ pointer: '/action', message: 'must be given, or all: true instead, not both' });
  }
  if (request.all === true && request.resource !== undefined) {
    errors.push({ pointer: '/resource', message: 'asks about one action; leave it out with all: true' });
  }
  return errors;
}

async function subjectOf(deps: SimulateDeps, tenantId: string, request: SimulationRequest): Promise<Subject> {
  const { installation, pluginId, version, role } = request.principal;
  if (role !== undefined) {
    return {
      principal: { kind: 'user', subject: `simulated:${role}`, tenantId, roles: [role] },
      state: 'Active',
      described: { kind: 'role', role },
    };
  }
  if (installation !== undefined) {
    const installed = await deps.installations.get(tenantId, installation);
    const manifest =
      installed && (await deps.catalog.getManifest(installed.pluginId, installed.pluginVersion));
    if (!installed || !manifest)
      throw new NotFoundError(`Plugin ${installation} is not installed for tenant ${tenantId}.`);
    return {
      principal: {
        kind: 'plugin',
        tenantId,
        installationId: installed.installationId,
        pluginId: installed.pluginId,
        manifest,
      },
      state: installed.state,
      described: {
        kind: 'installation',
        pluginId: installed.pluginId,
        version: manifest.version,
        state: installed.state,
      },
    };
  }
  const manifest = await deps.catalog.getManifest(pluginId!, version!);
  if (!manifest) throw new NotFoundError(`Plugin ${pluginId}@${version} is not in the catalog.`);
  return {
    // Proposed: as it would be once installed and enabled, under a name no installation has.
    principal: {
      kind: 'plugin',
      tenantId,
      installationId: `proposed:${pluginId}@${version}`,
      pluginId: pluginId!,
      manifest,
    },
    state: 'Active',
    described: { kind: 'proposed', pluginId, version },
  };
}

/**
 * The policy simulation: what `decide` answers for a principal — an installation, a plugin only
 * proposed for the tenant, or a role — for one action on one resource, or for everything at once
 * (core/policy/matrix.ts). Every decision is `decide`'s own; the lanes' checks that lie outside
 * it (the egress guard's URL rules, secret host binding, the target being installed, the caller
 * running) are run through the same functions the lanes call. Nothing is changed: the only write
 * is the audit record of the simulation itself (`policy.simulate`). Rate limits are not simulated:
 * they count, and are no permission.
 */
export async function simulatePolicy(deps: SimulateDeps, ask: SimulateAsk): Promise<SimulationAnswer> {
  const { principal, tenantId, traceId } = ask;
  const policy = guard(deps);
  const target = { kind: 'tenant', id: tenantId };
  // Decided before the body is read: a caller without the right learns nothing from validation.
  await policy.authorize(principal, 'policy.simulate', { tenantId }, { traceId, target });
  const request = ask.body.parse(ask.body.raw);
  const errors = shapeErrors(request);
  if (errors.length > 0) throw new ValidationError('The simulation request is invalid.', errors);
  const simulated = await simulate(deps, tenantId, request);
  // What was simulated and what came of it, so the trail shows a simulation and not the action.
  await policy.record(principal, 'policy.simulate.completed', {
    traceId,
    target,
    reasons: [
      'decision' in simulated
        ? `simulated ${request.action}: ${simulated.decision.effect}`
        : 'simulated every action (the matrix)',
    ],
    details: {
      simulated: request.principal,
      ...(request.action ? { simulatedAction: request.action } : { all: true }),
    },
  });
  return simulated;
}

async function simulate(
  deps: SimulateDeps,
  tenantId: string,
  request: SimulationRequest,
): Promise<SimulationAnswer> {
  const subject = await subjectOf(deps, tenantId, request);
  if (subject.principal.kind === 'user') {
    const user = subject.principal;
    if (request.all) return { subject: subject.described, matrix: roleMatrix(user) };
    const action = request.action as Action;
    const resource = {
      tenantId,
      ...(request.resource?.pluginId ? { pluginId: request.resource.pluginId } : {}),
    };
    return {
      subject: subject.described,
      decision: answer(action, [], decide(user, action, resource as never)),
    };
  }
  const plugin = subject as Subject & { principal: PluginPrincipal };
  const installed = await tenantInstallations(deps, tenantId);
  const others = installed.filter((other) => other.pluginId !== plugin.principal.pluginId);
  if (request.all)
    return { subject: subject.described, matrix: pluginMatrix(plugin.principal, others, plugin.state) };
  return {
    subject: subject.described,
    decision: simulatePluginAction(plugin, installed, request.action!, request.resource ?? {}, deps.egress),
  };
}
