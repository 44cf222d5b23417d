import { describe, expect, it } from 'vitest';
import { queueArnOf } from '../../../adapters/aws/task-roles';

// The task role's policy names its queue by this ARN: a wrong one is a plugin that cannot consume.
describe('a queue URL as the ARN a task role names', () => {
  it('reads every form of queue URL SQS and LocalStack hand out', () => {
    for (const url of [
      'https://sqs.eu-west-1.amazonaws.com/123456789012/vivified-x',
      'https://eu-west-1.queue.amazonaws.com/123456789012/vivified-x',
      'http://sqs.eu-west-1.localhost.localstack.cloud:4566/123456789012/vivified-x',
      'http://127.0.0.1:4566/queue/eu-west-1/123456789012/vivified-x',
    ]) {
      expect(queueArnOf(url)).toBe('arn:aws:sqs:eu-west-1:123456789012:vivified-x');
    }
  });

  it("builds the ARN in the deployment's partition", () => {
    expect(queueArnOf('https://sqs.us-gov-west-1.amazonaws.com/123456789012/q', 'aws-us-gov')).toBe(
      'arn:aws-us-gov:sqs:us-gov-west-1:123456789012:q',
    );
  });

  it('refuses what is no queue URL', () => {
    expect(() => queueArnOf('http://127.0.0.1:4566/queue/eu-west-1')).toThrow(/Not a queue URL/);
  });
});
