import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { secondsUntilEnd, windowAt } from '../../core/lanes/fixed-window';
import { counterId, type RateLimit } from '../../core/lanes/rate-limits';
import type { RateAdmission, RateLimiter } from '../../core/ports';
import { RATE_LIMIT_TABLE } from './deploy-contract';
import { type StoreDocuments, storeDocuments } from './registry/document-client';

export interface DynamoRateLimiterOptions {
  readonly tableName: string;
  /** One client for every tenant, or (the lanes) a session per tenant that IAM keeps to its counters. */
  readonly documents: StoreDocuments;
}

/** A window's counter outlives it by this much before DynamoDB's TTL may delete it. */
const EXPIRY_GRACE_SECONDS = 60;

/**
 * Fixed-window counters in the rate-limit table, shared by every Lambda instance: one item per
 * limit and window (`pk` from core's `counterId`), counted with a conditional `ADD`. A call's limits
 * are updated in parallel, one UpdateItem each, so the check costs one round trip and one write
 * unit per limit; the condition (`count <= limit - cost`) is evaluated by DynamoDB on the item
 * itself, so concurrent instances can never together pass a limit. When one limit refuses, the
 * others the call was counted against are given their units back (an ADD of minus the cost):
 * until that lands they count a call that did not happen, which can only refuse early, never
 * admit more. Why not one TransactWriteItems: it costs two write units per item, and concurrent
 * transactions on the same counter cancel each other (TransactionConflict), which the busiest
 * counters (a tenant's) would meet most (docs/rate-limits.md).
 */
export function dynamoRateLimiter({ tableName, documents }: DynamoRateLimiterOptions): RateLimiter {
  const { forTenant } = storeDocuments(documents);
  const counter = (limit: RateLimit, nowMs: number) => {
    const window = windowAt(nowMs, limit.windowSeconds);
    return {
      key: { [RATE_LIMIT_TABLE.partitionKey]: counterId(limit, window) },
      expiresAt: Math.ceil(window.endMs / 1000) + EXPIRY_GRACE_SECONDS,
    };
  };
  const giveBack = (limit: RateLimit, nowMs: number, cost: number) =>
    forTenant(limit.tenantId).send(
      new UpdateCommand({
        TableName: tableName,
        Key: counter(limit, nowMs).key,
        UpdateExpression: 'ADD #count :minus',
        ExpressionAttributeNames: { '#count': 'count' },
        ExpressionAttributeValues: { ':minus': -cost },
      }),
    );
  const count = async (limit: RateLimit, nowMs: number, cost: number) => {
    const { key, expiresAt } = counter(limit, nowMs);
    try {
      await forTenant(limit.tenantId).send(
        new UpdateCommand({
          TableName: tableName,
          Key: key,
          UpdateExpression: 'ADD #count :cost SET #expires = if_not_exists(#expires, :expires)',
          ConditionExpression: 'attribute_not_exists(#count) OR #count <= :room',
          ExpressionAttributeNames: { '#count': 'count', '#expires': RATE_LIMIT_TABLE.timeToLive },
          ExpressionAttributeValues: { ':cost': cost, ':room': limit.limit - cost, ':expires': expiresAt },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  };

  return {
    async take(limits, cost, nowMs): Promise<RateAdmission> {
      // A cost no window can hold is refused without a write (the condition would admit it into
      // an empty window).
      const tooBig = limits.find((limit) => cost > limit.limit);
      if (tooBig) return refusal(tooBig, nowMs);
      const outcomes = await Promise.allSettled(limits.map((limit) => count(limit, nowMs, cost)));
      const refusedAt = outcomes.findIndex((o) => o.status === 'rejected' || !o.value);
      if (refusedAt === -1) return { admitted: true };
      // Given back at once, so a refused call costs the other limits nothing beyond this moment.
      // A give-back that fails leaves its counter high for the rest of its window: stricter, never
      // looser, so the refusal stands either way.
      await Promise.allSettled(
        outcomes.flatMap((o, i) =>
          o.status === 'fulfilled' && o.value ? [giveBack(limits[i]!, nowMs, cost)] : [],
        ),
      );
      const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
      if (failed) throw failed.reason;
      return refusal(limits[refusedAt]!, nowMs);
    },
  };
}

const refusal = (limit: RateLimit, nowMs: number): RateAdmission => ({
  admitted: false,
  limit,
  retryAfterSeconds: secondsUntilEnd(windowAt(nowMs, limit.windowSeconds), nowMs),
});
