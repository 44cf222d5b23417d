import { controlRollout, rolloutStatus, startRolloutOf } from '../../application/rollouts/manage';
import { ValidationError } from '../../core/errors';
import { ROLLOUT_COMMANDS, type RolloutCommand } from '../../core/rollout';
import { authenticated } from '../shared/authenticate';
import { bodyValidator } from '../shared/body';
import type { ControlPlane } from '../shared/control-plane';
import generated from '../shared/generated/rollout-bodies';
import type { AreaHandlers, HttpRequest } from '../shared/http';

const parseRollout = bodyValidator(generated.rolloutBody);

/** The rollout routes' ports: the catalog's manifests, the store, the runner, and what finds a plan's installations. */
export type RolloutPlane = Pick<
  ControlPlane,
  | 'catalog'
  | 'rollouts'
  | 'rolloutDriver'
  | 'tenants'
  | 'installations'
  | 'audit'
  | 'authenticate'
  | 'metrics'
  | 'now'
>;

/** The command path segment, named at its own pointer when it is none of the four. */
function commandOf(request: HttpRequest): RolloutCommand {
  const given = request.params.command ?? '';
  const found = ROLLOUT_COMMANDS.find((command) => command === given);
  if (found) return found;
  throw new ValidationError('The rollout command is invalid.', [
    { pointer: '/command', message: `must be one of ${ROLLOUT_COMMANDS.join(', ')}` },
  ]);
}

/** Staged rollouts over HTTP (application/rollouts/manage.ts); ticks move them, not requests. */
export function rolloutRoutes(plane: RolloutPlane): AreaHandlers<'rollouts'> {
  const ask = async (request: HttpRequest) => ({
    principal: await authenticated(plane, request),
    pluginId: request.params.pluginId ?? '',
    traceId: request.traceId,
  });
  return {
    'catalog.rollout': async (request) => {
      const rollout = await startRolloutOf(plane, {
        ...(await ask(request)),
        body: { raw: request.body, parse: parseRollout },
      });
      return {
        status: 201,
        body: rollout,
        headers: { Location: `/v1/plugins/${encodeURIComponent(rollout.plan.pluginId)}/rollout` },
      };
    },
    'catalog.rollout.read': async (request) => ({
      status: 200,
      body: await rolloutStatus(plane, await ask(request)),
    }),
    'catalog.rollout.control': async (request) => {
      // The caller is verified before the path is read: an anonymous caller learns nothing, not
      // even which commands exist, and gets the 401 every other route gives it.
      const asked = await ask(request);
      return { status: 200, body: await controlRollout(plane, { ...asked, command: commandOf(request) }) };
    },
  };
}
