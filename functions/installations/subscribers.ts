import { randomUUID } from 'node:crypto';
import { isKnownEventType } from '../../core/canonical';
import { NotFoundError, ValidationError } from '../../core/errors';
import { clearanceView } from '../../core/lanes/clearance-view';
import type { DataClassification } from '../../core/manifest/types';
import type { Principal } from '../../core/policy';
import { authenticated } from '../shared/authenticate';
import { bodyValidator } from '../shared/body';
import type { ControlPlane } from '../shared/control-plane';
import generated from '../shared/generated/installations-bodies';
import { guard } from '../shared/guard';
import type { AreaHandlers, HttpRequest } from '../shared/http';

const parseSubscriber = bodyValidator(generated.subscriberBody);

const subjectOf = (principal: Principal) =>
  principal.kind === 'plugin' ? principal.installationId : principal.subject;

/** External subscribers: a tenant admin routes chosen event types, redacted to a chosen view, to another account's bus. */
export function subscriberHandlers(
  plane: Pick<
    ControlPlane,
    'subscribers' | 'externalTargets' | 'installations' | 'audit' | 'authenticate' | 'now'
  >,
): Pick<AreaHandlers<'installations'>, 'subscriber.list' | 'subscriber.create' | 'subscriber.delete'> {
  const policy = guard(plane);

  const admit = async (request: HttpRequest) => {
    const principal = await authenticated(plane, request);
    const tenantId = request.params.tenantId ?? '';
    await policy.authorize(
      principal,
      request.route.action as 'subscriber.list',
      { tenantId },
      {
        traceId: request.traceId,
        target: { kind: 'subscribers', id: `${tenantId}/${request.params.subscriberId ?? '*'}` },
      },
    );
    return { principal, tenantId };
  };

  return {
    'subscriber.list': async (request) => {
      const { tenantId } = await admit(request);
      return { status: 200, body: { items: await plane.subscribers.list(tenantId) } };
    },

    'subscriber.create': async (request) => {
      const { principal, tenantId } = await admit(request);
      const body = parseSubscriber(request.body);
      const unknown = body.types
        .map((type, i) => ({ type, i }))
        .filter(({ type }) => !isKnownEventType(type));
      if (unknown.length > 0) {
        throw new ValidationError(
          'Unknown event types.',
          unknown.map(({ i }) => ({ pointer: `/types/${i}`, message: 'is not a canonical event type' })),
        );
      }
      const clearance = body.clearance ?? [];
      const view = clearanceView({
        traits: clearance.map((c) => (c === 'phi' ? 'handles_phi' : 'handles_pii')),
        classifications: ['internal', 'confidential', ...clearance] as DataClassification[],
      });
      const subscriberId = randomUUID();
      const rules = await plane.externalTargets.attach({
        tenantId,
        subscriberId,
        busArn: body.busArn,
        types: body.types,
        view,
      });
      const subscriber = {
        tenantId,
        subscriberId,
        busArn: body.busArn,
        types: body.types,
        view,
        rules,
        createdAt: plane.now().toISOString(),
        createdBy: subjectOf(principal),
      };
      try {
        await plane.subscribers.create(subscriber);
      } catch (error) {
        await plane.externalTargets.detach(rules);
        throw error;
      }
      await policy.record(principal, 'subscriber.create.completed', {
        traceId: request.traceId,
        target: { kind: 'subscriber', id: subscriberId },
        reasons: [`${body.types.join(', ')} (view ${view}) now go to ${body.busArn}`],
      });
      return { status: 201, body: subscriber };
    },

    'subscriber.delete': async (request) => {
      const { principal, tenantId } = await admit(request);
      const subscriber = await plane.subscribers.get(tenantId, request.params.subscriberId ?? '');
      if (!subscriber) throw new NotFoundError('No such subscriber in this tenant.');
      await plane.externalTargets.detach(subscriber.rules);
      await plane.subscribers.remove(tenantId, subscriber.subscriberId);
      await policy.record(principal, 'subscriber.delete.completed', {
        traceId: request.traceId,
        target: { kind: 'subscriber', id: subscriber.subscriberId },
        reasons: [`events no longer go to ${subscriber.busArn}`],
      });
      return { status: 204 };
    },
  };
}
