import { describe, expect, it } from 'vitest';
import { memoryAuditLog } from '../../../adapters/memory/audit-log';
import { memoryCanonicalBus } from '../../../adapters/memory/canonical-bus';
import { memoryRateLimiter } from '../../../adapters/memory/rate-limiter';
import { canonicalPublish } from '../../../application/lanes/canonical-publish';
import type { SubscriberClearance } from '../../../core/canonical';
import type { ManifestAuditLevel } from '../../../core/manifest/types';
import type { CanonicalBus } from '../../../core/ports';
import { validData } from '../canonical/fixtures';
import { PII_SHAPE, plugin, TENANT } from '../policy/fixtures';

// What a publish records beyond its decision, at the publisher's or a subscriber's audit level:
// where each copy will go and what each leaves out, in the decision's own record (so detail costs
// no extra round trip), and a record of any copy the bus did not take.

const PAYMENTS = 'PaymentReceived.v1';
const billing: SubscriberClearance = {
  traits: ['handles_pii'],
  classifications: ['internal', 'pii', 'confidential'],
};
const ledger: SubscriberClearance = { traits: [], classifications: ['internal'] };

async function publishPayment(
  levels: { publisher?: ManifestAuditLevel; subscriber?: ManifestAuditLevel },
  bus: CanonicalBus = memoryCanonicalBus(),
) {
  const audit = memoryAuditLog();
  const base = plugin({ ...PII_SHAPE, id: 'payments', publishes: [PAYMENTS] });
  const principal = {
    ...base,
    manifest: {
      ...base.manifest,
      ...(levels.publisher ? { compliance: { data_retention_days: 30, audit_level: levels.publisher } } : {}),
    },
  };
  const answer = await canonicalPublish(
    {
      audit,
      bus,
      busName: 'bus',
      rateLimiter: memoryRateLimiter(),
      tierOf: async () => 'standard' as const,
      viewsOf: async () => ({
        views: new Map([
          [
            PAYMENTS,
            new Map([
              ['billing', billing],
              ['ledger', ledger],
            ]),
          ],
        ]),
        detail: new Map([[PAYMENTS, levels.subscriber ?? 'basic']]),
      }),
      now: () => new Date('2026-12-05T10:00:00Z'),
    },
    {
      principal,
      traceId: 'trace-1',
      events: [{ id: 'pay-event-1', type: PAYMENTS, data: validData(PAYMENTS) }],
    },
  );
  const chain = (await audit.query(TENANT, {}, 100)).items;
  return { answer, chain };
}

describe('a publish at an audit level above basic', () => {
  it('says nothing beyond the decision when publisher and subscribers ask for basic', async () => {
    // Act
    const { answer, chain } = await publishPayment({});

    // Assess
    expect(answer.anyFailed).toBe(false);
    expect(chain.map((r) => r.action)).toEqual(['canonical.publish']);
    expect(chain[0]!.details).not.toHaveProperty('delivery');
  });

  it("records with the decision each copy and the fields it withholds, at a subscriber's detailed", async () => {
    // Act
    const { chain } = await publishPayment({ subscriber: 'detailed' });

    // Assess
    expect(chain.map((r) => r.action)).toEqual(['canonical.publish']);
    expect(chain[0]!.details!.delivery).toEqual({
      level: 'detailed',
      events: [
        {
          id: 'pay-event-1',
          type: PAYMENTS,
          dataBytes: Buffer.byteLength(JSON.stringify(validData(PAYMENTS))),
          copies: [
            { view: 'billing', withheld: [] },
            { view: 'ledger', withheld: ['/data/payerName', '/data/amount/value', '/data/memo'] },
          ],
        },
      ],
    });
  });

  it("adds the data's field names, never a value, at the publisher's complete", async () => {
    // Act
    const { chain } = await publishPayment({ publisher: 'complete', subscriber: 'detailed' });

    // Assess
    const delivery = chain[0]!.details!.delivery as {
      level: string;
      events: Array<{ dataFields: string[] }>;
    };
    expect(delivery.level).toBe('complete');
    expect(delivery.events[0]!.dataFields).toEqual([
      'amount',
      'invoiceId',
      'memo',
      'payerName',
      'paymentId',
      'receivedAt',
    ]);
    expect(JSON.stringify(chain)).not.toContain('Grace Hopper');
  });

  it('records the copies the bus did not take, at any level', async () => {
    // Prepare: a bus that takes the first copy and refuses the second.
    const bus: CanonicalBus = {
      put: async (entries) =>
        entries.map((_, index) =>
          index === 0
            ? { index, ok: true, eventId: 'e-1' }
            : { index, ok: false, reason: 'ThrottlingException' },
        ),
    };

    // Act
    const { answer, chain } = await publishPayment({}, bus);

    // Assess
    expect(answer.results[0]).toMatchObject({ status: 'failed', deliveredViews: ['billing'] });
    expect(chain.map((r) => r.action)).toEqual(['canonical.publish', 'canonical.publish.completed']);
    expect(chain[1]!.details).toEqual({
      events: [{ id: 'pay-event-1', type: PAYMENTS, delivered: ['billing'], undelivered: ['ledger'] }],
    });
    expect(chain[1]!.reasons).toEqual([`${PAYMENTS} pay-event-1 failed: ThrottlingException`]);
  });
});
