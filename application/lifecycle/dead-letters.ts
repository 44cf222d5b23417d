import type { Installation } from '../../core/installation/types';

/** The queues of an installation that has been enabled at least once; undefined before that. */
export function deadLetterQueues(installation: Installation) {
  const { queueArn, deadLetterQueueUrl, deadLetterQueueArn } = installation.resources;
  return queueArn && deadLetterQueueUrl && deadLetterQueueArn
    ? { queueArn, deadLetterQueueUrl, deadLetterQueueArn }
    : undefined;
}
