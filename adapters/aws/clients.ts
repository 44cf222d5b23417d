import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ECSClient } from '@aws-sdk/client-ecs';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SQSClient } from '@aws-sdk/client-sqs';
import { outagesAsUnavailable } from './unavailable';

/**
 * SDK clients, created once per process (module scope) so Lambda containers reuse connections.
 * Endpoints come from the standard `AWS_ENDPOINT_URL` / `AWS_ENDPOINT_URL_<SERVICE>` variables,
 * which is how the same code reaches LocalStack and moto locally and AWS in the cloud.
 *
 * Each client is made by a call marked pure, so esbuild leaves out of a function's bundle every
 * client (and its SDK package) the function never uses: the tenants function carries no ECS,
 * KMS or Secrets Manager code. A bare `new XClient()` at module scope would count as a side effect
 * and put all of them in every bundle (the cold-start bench measured ~1 MB for one unused client).
 */
const emulated = Boolean(process.env.AWS_ENDPOINT_URL);

/** Any SDK v3 client: each types its middleware by its own commands. */
interface Client {
  readonly middlewareStack: { use(pluggable: never): void };
}

/** A client whose outages (after the SDK's retries) reach callers as 503s naming the service. */
export function served<T extends Client>(service: string, make: () => T): T {
  const client = make();
  client.middlewareStack.use(outagesAsUnavailable(service) as never);
  return client;
}

export const kms = /* @__PURE__ */ served('KMS', () => new KMSClient({}));
export const eventBridge = /* @__PURE__ */ served('EventBridge', () => new EventBridgeClient({}));
export const sqs = /* @__PURE__ */ served('SQS', () => new SQSClient({}));
export const dynamoDb = /* @__PURE__ */ served('DynamoDB', () => new DynamoDBClient({}));
export const ecs = /* @__PURE__ */ served('ECS', () => new ECSClient({}));
// LocalStack serves S3 on one host; virtual-hosted bucket names would need wildcard DNS.
export const s3 = /* @__PURE__ */ served('S3', () => new S3Client({ forcePathStyle: emulated }));
// Read by the installation reads only (lane metrics for the health page); written through EMF logs.
export const cloudWatch = /* @__PURE__ */ served('CloudWatch', () => new CloudWatchClient({}));
export const secrets = /* @__PURE__ */ served('Secrets Manager', () => new SecretsManagerClient({}));
// Used by the rollouts function alone: it starts the rollout runner's executions.
export const stepFunctions = /* @__PURE__ */ served('Step Functions', () => new SFNClient({}));

/** The clients above, as a composition root may be given them instead (tests: their own). */
export interface AwsClients {
  readonly kms: KMSClient;
  readonly eventBridge: EventBridgeClient;
  readonly sqs: SQSClient;
  readonly dynamoDb: DynamoDBClient;
  readonly ecs: ECSClient;
  readonly s3: S3Client;
  readonly secrets: SecretsManagerClient;
  readonly cloudWatch: CloudWatchClient;
  readonly stepFunctions: SFNClient;
}
