import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ECSClient } from '@aws-sdk/client-ecs';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { outagesAsUnavailable } from './unavailable';

/**
 * SDK clients, created once per process (module scope) so Lambda containers reuse connections.
 * Endpoints come from the standard `AWS_ENDPOINT_URL` / `AWS_ENDPOINT_URL_<SERVICE>` variables,
 * which is how the same code reaches LocalStack and moto locally and AWS in the cloud.
 */
const emulated = Boolean(process.env.AWS_ENDPOINT_URL);

export const kms = new KMSClient({});
export const eventBridge = new EventBridgeClient({});
export const sqs = new SQSClient({});
export const dynamoDb = new DynamoDBClient({});
export const ecs = new ECSClient({});
// LocalStack serves S3 on one host; virtual-hosted bucket names would need wildcard DNS.
export const s3 = new S3Client({ forcePathStyle: emulated });
export const secrets = new SecretsManagerClient({});

const services = {
  KMS: kms,
  EventBridge: eventBridge,
  SQS: sqs,
  DynamoDB: dynamoDb,
  ECS: ecs,
  S3: s3,
  'Secrets Manager': secrets,
};
for (const [service, client] of Object.entries(services)) {
  client.middlewareStack.use(outagesAsUnavailable(service) as never);
}
