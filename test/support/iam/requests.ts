import type { RecordedCall } from './recorder';
import type { IamRequest, Input, Mapper, Where } from './request-parts';
import { dynamoDb, kms } from './requests-data';
import { cloudWatch, events, s3, secretsManager, sqs } from './requests-messaging';
import { ecs, iam, lambda, serviceDiscovery, sts } from './requests-runtime';

export { type IamRequest, placedArn, type Where } from './request-parts';

/** SDK client names (without `Client`) to their calls' authorizations. */
const SERVICES: Record<string, Record<string, Mapper>> = {
  DynamoDB: dynamoDb,
  KMS: kms,
  EventBridge: events,
  SQS: sqs,
  S3: s3,
  SecretsManager: secretsManager,
  ECS: ecs,
  ServiceDiscovery: serviceDiscovery,
  STS: sts,
  Lambda: lambda,
  IAM: iam,
  CloudWatch: cloudWatch,
};

/**
 * What AWS authorizes for a recorded call: one or more actions on resources with their context;
 * `undefined` when the harness does not know the call yet (which fails the run, naming it, so a
 * new call cannot go unchecked).
 */
export function iamRequestsOf(call: RecordedCall, where: Where): IamRequest[] | undefined {
  return SERVICES[call.service]?.[call.command]?.(call.input as Input, where, call.output as Input);
}

/** The endpoint service name a client's calls go to (`com.amazonaws.<region>.<this>`). */
export const ENDPOINT_SERVICE: Readonly<Record<string, string>> = {
  DynamoDB: 'dynamodb',
  KMS: 'kms',
  EventBridge: 'events',
  SQS: 'sqs',
  S3: 's3',
  SecretsManager: 'secretsmanager',
  ECS: 'ecs',
  ServiceDiscovery: 'servicediscovery',
  STS: 'sts',
  Lambda: 'lambda',
  IAM: 'iam',
  CloudWatch: 'monitoring',
};
