import { simulatePolicy } from '../../application/policy/simulate';
import { authenticated } from '../shared/authenticate';
import { bodyValidator } from '../shared/body';
import type { ControlPlane } from '../shared/control-plane';
import generated from '../shared/generated/policy-bodies';
import type { AreaHandlers } from '../shared/http';

const parseSimulate = bodyValidator(generated.simulateBody);

type PolicyPlane = Pick<ControlPlane, 'installations' | 'catalog' | 'audit' | 'authenticate' | 'metrics'>;

/** The policy simulation over HTTP (application/policy/simulate.ts): a read, changing nothing. */
export function policyReads(plane: PolicyPlane): Pick<AreaHandlers<'installations'>, 'policy.simulate'> {
  return {
    'policy.simulate': async (request) => ({
      status: 200,
      body: await simulatePolicy(plane, {
        principal: await authenticated(plane, request),
        tenantId: request.params.tenantId ?? '',
        traceId: request.traceId,
        body: { raw: request.body, parse: parseSimulate },
      }),
    }),
  };
}
