import { auditDetailOf, higherDetail } from './audit-detail';
import { clearanceGap } from './clearance';
import { type Decision, detailOf, laneVerdict } from './decision';
import type { PluginPrincipal } from './principal';
import type { OperatorCallResource } from './resources';
import { sameTenant, tenantBoundaryDenial } from './tenant-boundary';

/**
 * A synchronous call from one installation to another: the caller declared the call, the target
 * exposes the operation and is running, both are in the same tenant, and the caller is cleared for
 * the operation's data (it will receive the answer).
 */
export function decideOperatorCall(
  caller: PluginPrincipal,
  { target, operation }: OperatorCallResource,
): Decision {
  const exposes = target.manifest.operations?.exposes ?? {};
  // Operation names come from the request: an own-property lookup, never Object.prototype.
  const exposed = Object.hasOwn(exposes, operation) ? exposes[operation] : undefined;
  const auditLevel = exposed?.data_classification === 'phi' ? 'phi' : 'standard';
  if (!sameTenant(caller.tenantId, target.tenantId)) {
    return tenantBoundaryDenial(caller.tenantId, 'installations', auditLevel);
  }
  const call = `${target.pluginId}.${operation}`;
  const gap = exposed && clearanceGap(caller.manifest, exposed.data_classification);
  return laneVerdict(
    'operator.call',
    [
      (caller.manifest.operations?.calls ?? []).includes(call)
        ? undefined
        : {
            rule: 'undeclared_call',
            reason: `plugin ${caller.pluginId} does not declare ${call} in operations.calls`,
          },
      exposed
        ? undefined
        : { rule: 'not_exposed', reason: `plugin ${target.pluginId} does not expose operation ${operation}` },
      target.state === 'Active'
        ? undefined
        : {
            rule: 'target_inactive',
            reason: `the target installation is ${target.state}; only Active installations take operator calls`,
          },
      gap === undefined ? undefined : { rule: 'classification', reason: gap },
    ],
    [
      `plugin ${caller.pluginId} declares ${call} in operations.calls`,
      `plugin ${target.pluginId} exposes ${operation} (${exposed?.data_classification} data) and is Active`,
      `plugin ${caller.pluginId} is cleared for ${exposed?.data_classification} data`,
    ],
    // Caller and target each hear what the call carried: the stricter of their two levels records it.
    { auditLevel, ...detailOf(higherDetail(auditDetailOf(caller.manifest), auditDetailOf(target.manifest))) },
  );
}
