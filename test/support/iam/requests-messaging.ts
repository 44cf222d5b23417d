/* The bus, queues, buckets and secrets: EventBridge, SQS, S3, Secrets Manager. */
import {
  keyArn,
  type Mapper,
  placedArn,
  request,
  requestTags,
  tagList,
  type Where,
  withTags,
} from './request-parts';

// --- EventBridge ----------------------------------------------------------------------------------

const busName = (bus: string | undefined) =>
  bus?.startsWith('arn:') ? bus.split('/').at(-1)! : (bus ?? 'default');
const ruleArn = (bus: string | undefined, name: string, w: Where) => {
  const b = busName(bus);
  return `arn:aws:events:${w.region}:${w.account}:rule/${b === 'default' ? '' : `${b}/`}${name}`;
};
const ruleCall =
  (action: string, nameField = 'Name'): Mapper =>
  (i, w) => [request(`events:${action}`, ruleArn(i.EventBusName, i[nameField], w))];
export const events: Record<string, Mapper> = {
  PutEvents: (i, w) =>
    [...new Set((i.Entries ?? []).map((e: any) => busName(e.EventBusName)) as string[])].map((bus) =>
      request('events:PutEvents', `arn:aws:events:${w.region}:${w.account}:event-bus/${bus}`),
    ),
  PutRule: (i, w) => {
    const arn = ruleArn(i.EventBusName, i.Name, w);
    const tags = tagList(i.Tags);
    return [request('events:PutRule', arn, requestTags(tags)), ...withTags(tags, 'events:TagResource', arn)];
  },
  // A target with a role is a role passed to EventBridge.
  PutTargets: (i, w) => [
    request('events:PutTargets', ruleArn(i.EventBusName, i.Rule, w)),
    ...(i.Targets ?? [])
      .filter((t: any) => t.RoleArn)
      .map((t: any) =>
        request('iam:PassRole', placedArn(t.RoleArn, w), { 'iam:PassedToService': 'events.amazonaws.com' }),
      ),
  ],
  RemoveTargets: ruleCall('RemoveTargets', 'Rule'),
  DeleteRule: ruleCall('DeleteRule'),
  DescribeRule: ruleCall('DescribeRule'),
  ListTargetsByRule: ruleCall('ListTargetsByRule', 'Rule'),
  ListRules: () => [request('events:ListRules', '*')],
};

// --- SQS ------------------------------------------------------------------------------------------

/** A queue URL (AWS's `/<account>/<name>`, or LocalStack's `/queue/<region>/<account>/<name>`) as its ARN. */
const queueArn = (url: string, w: Where) => {
  const [account, name] = new URL(url).pathname.split('/').filter(Boolean).slice(-2);
  return placedArn(`arn:aws:sqs:${w.region}:${account}:${name}`, w);
};
const queueByName = (name: string, w: Where) => `arn:aws:sqs:${w.region}:${w.account}:${name}`;
const queueCall =
  (action: string): Mapper =>
  (i, w) => [request(`sqs:${action}`, queueArn(i.QueueUrl, w))];
export const sqs: Record<string, Mapper> = {
  ...Object.fromEntries(
    [
      'SendMessage',
      'SendMessageBatch',
      'ReceiveMessage',
      'DeleteMessage',
      'DeleteMessageBatch',
      'ChangeMessageVisibility',
      'GetQueueAttributes',
      'SetQueueAttributes',
      'DeleteQueue',
      'PurgeQueue',
    ].map((a) => [a, queueCall(a)]),
  ),
  TagQueue: (i, w) => [request('sqs:TagQueue', queueArn(i.QueueUrl, w), requestTags(i.Tags ?? {}))],
  CreateQueue: (i, w) => {
    const arn = queueByName(i.QueueName, w);
    const tags = i.tags ?? {};
    return [request('sqs:CreateQueue', arn, requestTags(tags)), ...withTags(tags, 'sqs:TagQueue', arn)];
  },
  GetQueueUrl: (i, w) => [request('sqs:GetQueueUrl', queueByName(i.QueueName, w))],
  // A redrive reads the dead-letter queue and sends to its source (AWS's documented permissions).
  StartMessageMoveTask: (i, w) => {
    const source = placedArn(i.SourceArn, w);
    return [
      ...['StartMessageMoveTask', 'ReceiveMessage', 'DeleteMessage', 'GetQueueAttributes'].map((a) =>
        request(`sqs:${a}`, source),
      ),
      ...(i.DestinationArn ? [request('sqs:SendMessage', placedArn(i.DestinationArn, w))] : []),
    ];
  },
  ListMessageMoveTasks: (i, w) => [request('sqs:ListMessageMoveTasks', placedArn(i.SourceArn, w))],
};

// --- S3 -------------------------------------------------------------------------------------------

const objectCall =
  (action: string): Mapper =>
  (i) => [request(`s3:${action}`, `arn:aws:s3:::${i.Bucket}/${i.Key}`)];
export const s3: Record<string, Mapper> = {
  PutObject: objectCall('PutObject'),
  GetObject: objectCall('GetObject'),
  HeadObject: objectCall('GetObject'),
  DeleteObject: objectCall('DeleteObject'),
  ListObjectsV2: (i) => [request('s3:ListBucket', `arn:aws:s3:::${i.Bucket}`)],
};

// --- Secrets Manager ------------------------------------------------------------------------------

/** A secret named by ARN or by name; an ARN ends in six random characters AWS appends. */
const secretArn = (id: string, w: Where) =>
  id.startsWith('arn:')
    ? placedArn(id, w)
    : `arn:aws:secretsmanager:${w.region}:${w.account}:secret:${id}-AbCdEf`;
const secretCall =
  (action: string): Mapper =>
  (i, w) => [request(`secretsmanager:${action}`, secretArn(i.SecretId, w))];
export const secretsManager: Record<string, Mapper> = {
  ...Object.fromEntries(
    ['GetSecretValue', 'PutSecretValue', 'DeleteSecret', 'DescribeSecret', 'UpdateSecret'].map((a) => [
      a,
      secretCall(a),
    ]),
  ),
  CreateSecret: (i, w) => {
    const arn = secretArn(i.Name, w);
    const tags = tagList(i.Tags);
    return [
      request('secretsmanager:CreateSecret', arn, requestTags(tags)),
      ...withTags(tags, 'secretsmanager:TagResource', arn),
      // Secrets Manager asks KMS for the data key with the caller's permissions.
      ...(i.KmsKeyId
        ? [
            {
              ...request('kms:GenerateDataKey', keyArn(i.KmsKeyId, w), {
                'kms:ViaService': `secretsmanager.${w.region}.amazonaws.com`,
              }),
              onBehalf: true,
            },
          ]
        : []),
    ];
  },
};

// --- CloudWatch -----------------------------------------------------------------------------------

/** GetMetricData names no resource: AWS authorizes it on `*` whatever metrics it reads. */
export const cloudWatch: Record<string, Mapper> = {
  GetMetricData: () => [request('cloudwatch:GetMetricData', '*')],
};
