import { randomUUID } from 'node:crypto';
import { isKnownEventType } from '../../core/canonical/known-types';
import { NotFoundError, ValidationError } from '../../core/errors';
import { clearanceView } from '../../core/lanes/clearance-view';
import type { DataClassification } from '../../core/manifest/types';
import type { InstallationAction, Principal } from '../../core/policy';
import type { ExternalSubscriber, ExternalTargets, SubscriberStore } from '../../core/ports';
import type { Unvalidated } from '../attempt';
import { guard } from '../guard';
import type { AccessDeps } from './access';
import { subjectOf } from './access';

/*
 * External subscribers: a tenant admin routes chosen event types, redacted to a chosen view, to
 * another account's bus.
 */

export interface SubscriberAsk {
  readonly principal: Principal;
  readonly tenantId: string;
  readonly traceId: string;
}

export interface SubscriberRequest {
  readonly busArn: string;
  readonly types: readonly string[];
  /** Personal data the subscriber may receive; without it, pii and phi fields are removed. */
  readonly clearance?: ReadonlyArray<'pii' | 'phi'>;
}

export interface SubscribersDeps extends Pick<AccessDeps, 'audit' | 'metrics'> {
  readonly subscribers: SubscriberStore;
  readonly externalTargets: ExternalTargets;
  readonly now: () => Date;
}

const admit = (
  deps: Pick<AccessDeps, 'audit' | 'metrics'>,
  action: Extract<InstallationAction, `subscriber.${string}`>,
  ask: SubscriberAsk,
  id = '*',
) =>
  guard(deps).authorize(
    ask.principal,
    action,
    { tenantId: ask.tenantId },
    { traceId: ask.traceId, target: { kind: 'subscribers', id: `${ask.tenantId}/${id}` } },
  );

export async function listSubscribers(
  deps: Pick<SubscribersDeps, 'audit' | 'metrics' | 'subscribers'>,
  ask: SubscriberAsk,
): Promise<ExternalSubscriber[]> {
  await admit(deps, 'subscriber.list', ask);
  return deps.subscribers.list(ask.tenantId);
}

/** Routes the tenant's events of the chosen types to a bus; the rules are undone if it cannot be recorded. */
export async function addSubscriber(
  deps: SubscribersDeps,
  ask: SubscriberAsk & { readonly body: Unvalidated<SubscriberRequest> },
): Promise<ExternalSubscriber> {
  const { principal, tenantId } = ask;
  await admit(deps, 'subscriber.create', ask);
  const body = ask.body.parse(ask.body.raw);
  const unknown = body.types.map((type, i) => ({ type, i })).filter(({ type }) => !isKnownEventType(type));
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
  const rules = await deps.externalTargets.attach({
    tenantId,
    subscriberId,
    busArn: body.busArn,
    types: body.types,
    view,
  });
  const subscriber: ExternalSubscriber = {
    tenantId,
    subscriberId,
    busArn: body.busArn,
    types: body.types,
    view,
    rules,
    createdAt: deps.now().toISOString(),
    createdBy: subjectOf(principal),
  };
  try {
    await deps.subscribers.create(subscriber);
  } catch (error) {
    await deps.externalTargets.detach(rules);
    throw error;
  }
  await guard(deps).record(principal, 'subscriber.create.completed', {
    traceId: ask.traceId,
    target: { kind: 'subscriber', id: subscriberId },
    reasons: [`${body.types.join(', ')} (view ${view}) now go to ${body.busArn}`],
  });
  return subscriber;
}

/** Stops routing to a subscriber's bus and forgets it. */
export async function removeSubscriber(
  deps: SubscribersDeps,
  ask: SubscriberAsk & { readonly subscriberId: string },
): Promise<void> {
  const { principal, tenantId } = ask;
  await admit(deps, 'subscriber.delete', ask, ask.subscriberId);
  const subscriber = await deps.subscribers.get(tenantId, ask.subscriberId);
  if (!subscriber) throw new NotFoundError('No such subscriber in this tenant.');
  await deps.externalTargets.detach(subscriber.rules);
  await deps.subscribers.remove(tenantId, subscriber.subscriberId);
  await guard(deps).record(principal, 'subscriber.delete.completed', {
    traceId: ask.traceId,
    target: { kind: 'subscriber', id: subscriber.subscriberId },
    reasons: [`events no longer go to ${subscriber.busArn}`],
  });
}
