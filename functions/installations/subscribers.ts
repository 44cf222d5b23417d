import { addSubscriber, listSubscribers, removeSubscriber } from '../../application/lifecycle/subscribers';
import { bodyValidator } from '../shared/body';
import type { ControlPlane } from '../shared/control-plane';
import generated from '../shared/generated/installations-bodies';
import type { AreaHandlers, HttpRequest } from '../shared/http';
import { tenantAsk } from '../shared/tenant-ask';

const parseSubscriber = bodyValidator(generated.subscriberBody);

type SubscribersPlane = Pick<
  ControlPlane,
  'subscribers' | 'externalTargets' | 'installations' | 'audit' | 'authenticate' | 'now' | 'metrics'
>;

/**
 * External subscribers over HTTP (application/lifecycle/subscribers): a tenant admin routes chosen
 * event types, redacted to a chosen view, to another account's bus. Listing them is a read (the
 * installations area); adding and removing wire the bus (the lifecycle area).
 */
export function subscriberReads(
  plane: Pick<SubscribersPlane, 'subscribers' | 'audit' | 'authenticate' | 'metrics'>,
): Pick<AreaHandlers<'installations'>, 'subscriber.list'> {
  const ask = (request: HttpRequest) => tenantAsk(plane, request);
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
  const ask = (request: HttpRequest) => tenantAsk(plane, request);
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
