import { addSubscriber, listSubscribers, removeSubscriber } from '../../application/lifecycle/subscribers';
import { authenticated } from '../shared/authenticate';
import { bodyValidator } from '../shared/body';
import type { ControlPlane } from '../shared/control-plane';
import generated from '../shared/generated/installations-bodies';
import type { AreaHandlers, HttpRequest } from '../shared/http';

const parseSubscriber = bodyValidator(generated.subscriberBody);

type SubscribersPlane = Pick<
  ControlPlane,
  'subscribers' | 'externalTargets' | 'installations' | 'audit' | 'authenticate' | 'now' | 'metrics'
>;

const askOf =
  (plane: Pick<ControlPlane, 'authenticate' | 'audit' | 'metrics'>) => async (request: HttpRequest) => ({
    principal: await authenticated(plane, request),
    tenantId: request.params.tenantId ?? '',
    traceId: request.traceId,
  });

/**
 * External subscribers over HTTP (application/lifecycle/subscribers): a tenant admin routes chosen
 * event types, redacted to a chosen view, to another account's bus. Listing them is a read (the
 * installations area); adding and removing wire the bus (the lifecycle area).
 */
export function subscriberReads(
  plane: Pick<SubscribersPlane, 'subscribers' | 'audit' | 'authenticate' | 'metrics'>,
): Pick<AreaHandlers<'installations'>, 'subscriber.list'> {
  const ask = askOf(plane);
  return {
    'subscriber.list': async (request) => ({
      status: 200,
      body: { items: await listSubscribers(plane, await ask(request)) },
    }),
  };
}

export function subscriberChanges(
  plane: SubscribersPlane,
): Pick<AreaHandlers<'lifecycle'>, 'subscriber.create' | 'subscriber.delete'> {
  const ask = askOf(plane);
  return {
    'subscriber.create': async (request) => ({
      status: 201,
      body: await addSubscriber(plane, {
        ...(await ask(request)),
        body: { raw: request.body, parse: parseSubscriber },
      }),
    }),

    'subscriber.delete': async (request) => {
      await removeSubscriber(plane, {
        ...(await ask(request)),
        subscriberId: request.params.subscriberId ?? '',
      });
      return { status: 204 };
    },
  };
}
