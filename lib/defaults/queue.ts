import { Duration } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { QueueEncryption, type QueueProps } from 'aws-cdk-lib/aws-sqs';

/** Fourteen days: the longest SQS keeps a message, so a dead letter waits for a human that long. */
export const DEAD_LETTER_RETENTION = Duration.days(14);

/** Secure defaults for a queue: encrypted with a customer key (data key reused 5 min), TLS only. */
export function secureQueueProps(encryptionKey: IKey, overrides: QueueProps = {}): QueueProps {
  return {
    encryption: QueueEncryption.KMS,
    encryptionMasterKey: encryptionKey,
    dataKeyReuse: Duration.minutes(5),
    enforceSSL: true,
    ...overrides,
  };
}
