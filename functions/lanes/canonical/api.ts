import { randomUUID } from 'node:crypto';
import type { SubscriberClearance } from '../../../core/canonical';
import {
  type CanonicalEvent,
  classificationOf,
  isKnownEventType,
  redact,
  sealEventData,
  stampEvent,
  toPutEventsEntry,
} from '../../../core/canonical';
import { type FieldError, ValidationError } from '../../../core/errors';
import { clearanceFromView, clearanceOf, viewOf } from '../../../core/lanes/clearance-view';
import type { CanonicalBus, LaneIdentity } from '../../../core/ports';
import { bodyValidator } from '../../shared/body';
import type { ControlPlane } from '../../shared/control-plane';
import generated from '../../shared/generated/canonical-bodies';
import { guard } from '../../shared/guard';
import { httpApi } from '../../shared/http';
import type { PublishBody } from '../../wire';
import { pluginPrincipal } from '../plugin-principal';

const parseBatch = bodyValidator(generated.publishBody);

/** One event or `{ events: [...] }` with up to ten. */
const parsePublish = (body: unknown): PublishBody =>
  typeof body === 'object' && body !== null && !Array.isArray(body) && !('events' in body)
    ? parseBatch({ events: [body] })
    : parseBatch(body);

export interface CanonicalLaneOptions {
  readonly identity: LaneIdentity;
  /** Where the events go: EventBridge deployed. */
  readonly bus: CanonicalBus;
  /** The bus's name, which every entry carries. */
  readonly busName: string;
  /** How long a tenant's subscriber views are reused. @default 10 000 ms */
  readonly subscriberCacheMs?: number;
}

/** The ports the canonical lane uses. */
export type CanonicalPlane = Pick<
  ControlPlane,
  'catalog' | 'installations' | 'subscribers' | 'audit' | 'logger' | 'metrics' | 'settings' | 'now'
>;

/**
 * The canonical lane: authenticate → decide per event (type declared, classification within the
 * publisher's) → validate data against the canonical schema → stamp → one redacted copy per
 * subscriber view → PutEvents in chunks, with retries, reporting every entry's outcome.
 *
 * Redaction happens here, before the bus, rather than in a per-rule input transformer: an input
 * transformer cannot drop fields by schema annotation, and a copy per clearance view means data a
 * subscriber may not see never even enters the path to its queue.
 */
export function canonicalLane(plane: CanonicalPlane, options: CanonicalLaneOptions) {
  const policy = guard(plane);
  const cache = new Map<string, { at: number; views: Map<string, Map<string, SubscriberClearance>> }>();

  /** For each canonical type, the distinct views of the tenant's subscribers (with a clearance each). */
  async function subscriberViews(tenantId: string): Promise<Map<string, Map<string, SubscriberClearance>>> {
    const hit = cache.get(tenantId);
    if (hit && Date.now() - hit.at < (options.subscriberCacheMs ?? 10_000)) return hit.views;
    const views = new Map<string, Map<string, SubscriberClearance>>();
    let cursor: string | undefined;
    do {
      const page = await plane.installations.list(tenantId, 100, cursor);
      for (const installation of page.items) {
        if (!installation.resources.queueUrl) continue;
        const manifest = await plane.catalog.getManifest(installation.pluginId, installation.pluginVersion);
        for (const type of manifest?.events?.subscribes ?? []) {
          const byView = views.get(type) ?? new Map<string, SubscriberClearance>();
          byView.set(viewOf(manifest!), clearanceOf(manifest!));
          views.set(type, byView);
        }
      }
      cursor = page.cursor;
    } while (cursor);
    // External subscribers get the copy for the view their tenant admin chose.
    for (const subscriber of await plane.subscribers.list(tenantId)) {
      for (const type of subscriber.types) {
        const byView = views.get(type) ?? new Map<string, SubscriberClearance>();
        byView.set(subscriber.view, clearanceFromView(subscriber.view));
        views.set(type, byView);
      }
    }
    cache.set(tenantId, { at: Date.now(), views });
    return views;
  }

  return httpApi({
    area: 'canonical',
    logger: plane.logger,
    metrics: plane.metrics,
    onSettled: () => plane.audit.flush(),
    handlers: {
      'canonical.publish': async (request) => {
        const { principal } = await pluginPrincipal(plane, options.identity, request);
        const { events } = parsePublish(request.body);
        // Decide every event first: a batch is published whole or not at all.
        for (const event of events) {
          const target = { kind: 'event', id: event.type };
          if (!isKnownEventType(event.type)) {
            await policy.refuse(principal, 'canonical.publish', {
              traceId: request.traceId,
              target,
              reasons: [`${event.type} is not a canonical event type`],
            });
          }
          await policy.authorize(
            principal,
            'canonical.publish',
            {
              tenantId: principal.tenantId,
              eventType: event.type,
              classification: classificationOf(event.type),
            },
            { traceId: request.traceId, target },
          );
        }
        // Sealed once here: stamping and every subscriber's redaction reuse this check and this copy.
        const checks = events.map((event) => sealEventData(event.type, event.data));
        const errors: FieldError[] = checks.flatMap((check, index) =>
          check.ok ? [] : check.errors.map((e) => ({ ...e, pointer: `/events/${index}${e.pointer}` })),
        );
        if (errors.length > 0) throw new ValidationError('The events are invalid.', errors);
        const sealed = checks.flatMap((check) => (check.ok ? [check.data] : []));

        const time = plane.now().toISOString();
        const stamped: CanonicalEvent[] = events.map((event, index) =>
          stampEvent({
            id: event.id ?? randomUUID(),
            type: event.type,
            data: sealed[index],
            tenantId: principal.tenantId,
            installationId: principal.installationId,
            pluginId: principal.pluginId,
            traceId: request.traceId,
            time,
          }),
        );
        const views = await subscriberViews(principal.tenantId);
        const entries = stamped.flatMap((event, index) =>
          [...(views.get(event.type) ?? new Map<string, SubscriberClearance>()).entries()].map(
            ([view, clearance]) => {
              const copy = redact(event, clearance);
              return {
                index,
                view,
                entry: toPutEventsEntry(copy.event, options.busName, { view, redacted: copy.redacted }),
              };
            },
          ),
        );
        const outcomes = await options.bus.put(entries.map((e) => e.entry));
        const results = stamped.map((event, index) => {
          const mine = outcomes.filter((o) => entries[o.index]!.index === index);
          const failed = mine.filter((o) => !o.ok);
          return {
            id: event.id,
            type: event.type,
            deliveredViews: mine.filter((o) => o.ok).map((o) => entries[o.index]!.view),
            ...(failed.length
              ? { status: 'failed' as const, reasons: failed.map((o) => (o.ok ? '' : o.reason)) }
              : { status: 'published' as const }),
          };
        });
        const anyFailed = results.some((r) => r.status === 'failed');
        plane.metrics.addMetric(
          'CanonicalEventsPublished',
          'Count',
          results.filter((r) => r.status === 'published').length,
        );
        // 207-like partial outcome as 502 when something could not be put: the client retries those.
        return { status: anyFailed ? 502 : 202, body: { results } };
      },
    },
  });
}
