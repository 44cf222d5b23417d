import { isWildcardOnlyAction, type RequestAnalysis, runSimulation } from '@cloud-copilot/iam-simulate';
import type { PlatformFunction } from './caller';
import type { DeployedModel, Part } from './deployed';
import { carriedContext, carriedPolicy } from './encryption-context';
import type { RecordedCall } from './recorder';
import { ENDPOINT_SERVICE, type IamRequest, iamRequestsOf, placedArn, type Where } from './requests';
import { type Placement, resolveValue } from './resolve';
import { type RolePolicies, resourcePolicyOf, rolePolicies } from './roles';
import { taskRoleFrom } from './task-roles';

/** A recorded call the deployed stack would not let through, and why. */
export interface Finding {
  readonly call: RecordedCall;
  /** Who AWS would see: the function's role, or the session it assumed. */
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  readonly reason: string;
}

/** The account and region the harness deploys the template to: neither emulator's. */
export const PLACEMENT: Placement = { account: '111122223333', region: 'us-east-1', names: new Map() };

/**
 * Physical names of a test's resources rewritten to the logical ids of the parts they play, so a
 * call on the test's table is a call on the template's table (ARNs of which ./resolve.ts builds
 * from the logical id).
 */
function rename(value: unknown, renames: ReadonlyArray<[string, string]>): any {
  if (typeof value === 'string') return renames.reduce((s, [from, to]) => s.split(from).join(to), value);
  if (Array.isArray(value)) return value.map((v) => rename(v, renames));
  if (value && typeof value === 'object' && !(value instanceof Uint8Array))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rename(v, renames)]));
  return value;
}

const denialOf = (analysis: RequestAnalysis | undefined): string => {
  if (!analysis) return 'no analysis';
  const parts: [string, { result: string } | undefined][] = [
    ['identity policy', analysis.identityAnalysis],
    ['permissions boundary', analysis.permissionBoundaryAnalysis],
    ['resource policy', analysis.resourceAnalysis],
    ['VPC endpoint policy', analysis.endpointAnalysis],
  ];
  const explicit = parts.filter(([, a]) => a?.result === 'ExplicitlyDenied').map(([n]) => n);
  if (explicit.length) return `explicit deny in the ${explicit.join(', ')}`;
  const implicit = parts
    .filter(([, a]) => a && !['Allowed', 'NotApplicable', 'AllowedForAccount'].includes(a.result))
    .map(([n]) => n);
  return `implicit deny: no statement of the ${implicit.join(' or ') || 'policies'} allows it`;
};

/**
 * Evaluates recorded calls as the deployed stack would: each call's authorizations
 * (./requests.ts) against the identity policies and boundary of the role that makes it deployed
 * (the function's service role, or the tenant data role for a session the function assumed, with
 * its session tags as `aws:PrincipalTag/*`), the resource's own policy where the template has one
 * (key policy, trust policy, bucket policy), and, for a function in the VPC, the endpoint it must
 * go through (none is a finding too). The evaluator is `@cloud-copilot/iam-simulate`.
 */
export async function evaluateCalls(
  calls: readonly RecordedCall[],
  model: DeployedModel,
  physical: ReadonlyMap<string, Part | `tenantKey:${string}`>,
  placement: Placement = PLACEMENT,
): Promise<Finding[]> {
  const where: Where = placement;
  const logicalOf = (part: Part | `tenantKey:${string}`) =>
    part.startsWith('tenantKey:')
      ? model.tenantKeys[part.slice('tenantKey:'.length)]
      : model.parts[part as Part];
  // Longest first, so a name that contains another is rewritten whole.
  const renames = [...physical]
    .map(([name, part]) => [name, logicalOf(part)] as [string, string | undefined])
    .filter((r): r is [string, string] => !!r[1])
    .sort((a, b) => b[0].length - a[0].length);
  const roles = new Map<string, RolePolicies>();
  const policiesOf = (roleId: string) => {
    const known = roles.get(roleId) ?? rolePolicies(model, roleId, placement);
    roles.set(roleId, known);
    return known;
  };
  const roleIdByArn = new Map(
    Object.entries(model.resources)
      .filter(([, r]) => r.Type === 'AWS::IAM::Role')
      .map(([id]) => [resolveValue({ 'Fn::GetAtt': [id, 'Arn'] }, model, placement) as string, id]),
  );
  const lambdaInVpc = (lambda: string) => Boolean(model.resources[lambda]?.Properties?.VpcConfig);

  /** Who AWS would see making `call`, or why the harness cannot tell. */
  const callerOf = (call: RecordedCall, before: readonly RecordedCall[]) => {
    const account = placement.account;
    if (call.fn.startsWith('plugin:')) {
      // A plugin task: its installation's role, in the plugin subnets.
      const installationId = call.fn.slice('plugin:'.length);
      const role = taskRoleFrom(before, installationId, model, placement);
      if (!role) return `no recorded call created the task role of installation ${installationId}`;
      const principal = `arn:aws:sts::${account}:assumed-role/${installationId}/task`;
      return { role, principal, inVpc: true, roleKey: `task:${installationId}` };
    }
    const fn = model.functions[call.fn as PlatformFunction];
    const roleId = call.session ? roleIdByArn.get(placedArn(call.session.roleArn, where)) : fn.role;
    if (!roleId) return 'assumed a role the template does not have';
    const role = policiesOf(roleId);
    const sessionName = call.session?.sessionName ?? resolveValue({ Ref: fn.lambda }, model, placement);
    const principal = `arn:aws:sts::${account}:assumed-role/${role.roleName}/${sessionName}`;
    // A session is used from the function that assumed it, so through the same network.
    return { role, principal, inVpc: lambdaInVpc(fn.lambda), roleKey: roleId };
  };
  const verdicts = new Map<string, Promise<string | undefined>>();
  const findings: Finding[] = [];

  const renamedCalls: RecordedCall[] = calls.map((c) => ({
    ...c,
    input: rename(c.input, renames),
    session: c.session && { ...c.session, roleArn: rename(c.session.roleArn, renames) },
  }));

  for (const [index, call] of renamedCalls.entries()) {
    const recorded = calls[index]!;
    const finding = (principal: string, action: string, resource: string, reason: string) =>
      findings.push({ call: recorded, principal, action, resource, reason });
    const caller = callerOf(call, renamedCalls.slice(0, index));
    if (typeof caller === 'string') {
      finding(call.session?.roleArn ?? call.fn, `${call.service}:${call.command}`, '-', caller);
      continue;
    }
    const { role, principal, inVpc, roleKey } = caller;
    const requests = iamRequestsOf(call, where);
    if (!requests) {
      finding(
        principal,
        `${call.service}:${call.command}`,
        '-',
        'the harness cannot map this call yet (test/support/iam/requests.ts)',
      );
      continue;
    }
    const endpoint = endpointFor(model, inVpc, call.service, placement);
    if (endpoint === 'unreachable') {
      finding(
        principal,
        `${call.service}:${call.command}`,
        '-',
        `no route from the function's subnets to ${call.service} (no VPC endpoint, no NAT)`,
      );
      continue;
    }
    for (const req of requests) {
      const through = req.onBehalf ? undefined : endpoint;
      const context: Record<string, string | string[]> = {
        'aws:PrincipalArn': role.roleArn,
        'aws:PrincipalAccount': placement.account,
        'aws:ResourceAccount': placement.account,
        'aws:SecureTransport': 'true',
        'aws:RequestedRegion': placement.region,
        ...Object.fromEntries(
          Object.entries(call.session?.tags ?? {}).map(([k, v]) => [`aws:PrincipalTag/${k}`, v]),
        ),
        ...(through ? { 'aws:SourceVpce': through.id } : {}),
        ...req.context,
      };
      const key = JSON.stringify([roleKey, through?.id, req.action, req.resource, context]);
      const verdict = verdicts.get(key) ?? simulate(model, role, principal, req, context, through, placement);
      verdicts.set(key, verdict);
      const reason = await verdict;
      if (reason) finding(principal, req.action, req.resource, reason);
    }
  }
  return findings;
}

async function simulate(
  model: DeployedModel,
  role: RolePolicies,
  principal: string,
  req: IamRequest,
  context: Record<string, string | string[]>,
  endpoint: { id: string; policy?: unknown } | undefined,
  placement: Placement,
): Promise<string | undefined> {
  // An action without resource-level permissions is authorized on `*` whatever the call names.
  const [service, action] = req.action.split(':') as [string, string];
  const resource = (await isWildcardOnlyAction(service, action)) ? '*' : req.resource;
  const result = await runSimulation(
    {
      request: {
        principal,
        action: req.action,
        resource: { resource, accountId: placement.account },
        contextVariables: carriedContext(context),
      },
      identityPolicies: role.identity.map((p) => ({ name: p.name, policy: carriedPolicy(p.policy) })),
      permissionBoundaryPolicies: role.boundary
        ? [{ name: 'boundary', policy: carriedPolicy(role.boundary) }]
        : undefined,
      resourcePolicy: carriedPolicy(resourcePolicyOf(model, req.action, resource, placement)),
      vpcEndpointPolicies: endpoint?.policy
        ? [{ name: endpoint.id, policy: carriedPolicy(endpoint.policy) }]
        : undefined,
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    },
    {},
  );
  if (result.resultType === 'error')
    return `the evaluator refused the request: ${JSON.stringify(result.errors)}`;
  if (result.overallResult === 'Allowed') return undefined;
  const analysis = result.resultType === 'single' ? result.result.analysis : result.results[0]?.analysis;
  return `${result.overallResult}: ${denialOf(analysis)}`;
}

/**
 * The VPC endpoint a call to `service` goes through: `undefined` from outside the VPC (AWS's
 * public endpoints), `unreachable` from inside with no endpoint for the service and no NAT
 * gateway in the template.
 */
export function endpointFor(
  model: DeployedModel,
  inVpc: boolean,
  service: string,
  placement: Placement,
): { id: string; policy?: unknown } | 'unreachable' | undefined {
  if (!inVpc) return undefined;
  const name = `com.amazonaws.${placement.region}.${ENDPOINT_SERVICE[service] ?? service.toLowerCase()}`;
  for (const [id, r] of Object.entries(model.resources)) {
    if (r.Type !== 'AWS::EC2::VPCEndpoint') continue;
    if (resolveValue(r.Properties?.ServiceName, model, placement) !== name) continue;
    const policy =
      r.Properties?.PolicyDocument && resolveValue(r.Properties.PolicyDocument, model, placement);
    return { id, policy: policy && anyPrincipal(policy) };
  }
  const nat = Object.values(model.resources).some((r) => r.Type === 'AWS::EC2::NatGateway');
  return nat ? undefined : 'unreachable';
}

/**
 * An endpoint policy's `"Principal": {"AWS": "*"}` as `"*"`: the same to AWS (both are everyone),
 * but the evaluator accepts only the second in an endpoint policy.
 */
const anyPrincipal = (policy: { Statement: Record<string, unknown>[] }) => ({
  ...policy,
  Statement: policy.Statement.map((s) =>
    JSON.stringify(s.Principal) === '{"AWS":"*"}' ? { ...s, Principal: '*' } : s,
  ),
});

/** A finding as one line: function (and session), action, resource, reason, and the test. */
export const describeFinding = (f: Finding) =>
  `${f.call.fn}${f.call.session ? ` (session ${f.call.session.sessionName} of ${f.principal.split('/')[1]})` : ''}: ${f.action} on ${f.resource} — ${f.reason} [${f.call.service}:${f.call.command} in ${f.call.test}]`;
