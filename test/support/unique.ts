import { randomBytes } from 'node:crypto';

/**
 * A resource name no other test (or earlier run against the same emulators) uses: the prefix,
 * the test worker's id, time and random hex. Lower-case and hyphenated, so it is valid for S3
 * buckets, SQS queues, EventBridge buses, DynamoDB tables and ECS clusters alike. The prefix is
 * what gets shortened when a service's name limit is tight, never the unique part.
 */
export function uniqueName(prefix: string, maxLength = 63): string {
  const worker = process.env.VITEST_POOL_ID ?? '0';
  const suffix = `w${worker}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
  const head = prefix
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .slice(0, Math.max(1, maxLength - suffix.length - 1));
  return `${head}-${suffix}`;
}
