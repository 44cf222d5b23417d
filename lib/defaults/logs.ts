import { RemovalPolicy } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { type LogGroupProps, RetentionDays } from 'aws-cdk-lib/aws-logs';

/**
 * How long operational logs (function, access and flow logs) are kept. Audit records are not
 * logs: they live in the Object Lock bucket for seven years. One year covers HIPAA incident review.
 */
export const LOG_RETENTION = RetentionDays.ONE_YEAR;

/** Secure defaults for a log group: encrypted with the platform key, a set retention, retained. */
export function secureLogGroupProps(encryptionKey: IKey, overrides: LogGroupProps = {}): LogGroupProps {
  return {
    encryptionKey,
    retention: LOG_RETENTION,
    removalPolicy: RemovalPolicy.RETAIN,
    ...overrides,
  };
}
