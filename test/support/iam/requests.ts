import type { RecordedCall } from './recorder';

/** One authorization AWS makes for a call: an action on a resource, with the request's context. */
export interface IamRequest {
  readonly action: string;
  /** The resource ARN, or `*` for actions without resource-level permissions. */
  readonly resource: string;
  readonly context: Readonly<Record<string, string | string[]>>;
  /**
   * Set when the service makes this request on the caller's behalf (`kms:ViaService`): it goes
   * from the service to KMS, not through the caller's VPC endpoint.
   */
  readonly onBehalf?: boolean;
}

/** Where ARNs are built: the account and region the harness places the stack in. */
export interface Where {
  readonly account: string;
  readonly region: string;
}

/** The emulators' accounts (LocalStack's, moto's): ARNs they hand out are rewritten to the placement's. */
const EMULATOR_ACCOUNTS = /^(000000000000|123456789012)$/;

/** An ARN a call names, moved to the placement's account and region. */
export function placedArn(arn: string, where: Where): string {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return arn;
  if (parts[3]) parts[3] = where.region;
  if (parts[4] && EMULATOR_ACCOUNTS.test(parts[4])) parts[4] = where.account;
  return parts.join(':');
}

type Input = Record<string, any>;
type Mapper = (input: Input, where: Where, output?: Input) => IamRequest[];

const request = (
  action: string,
  resource: string,
  context: Record<string, string | string[]> = {},
): IamRequest => ({ action, resource, context });

// --- DynamoDB: per item, the partition keys are `dynamodb:LeadingKeys` ---------------------------

const tableArn = (name: string, where: Where) =>
  name.startsWith('arn:')
    ? placedArn(name, where)
    : `arn:aws:dynamodb:${where.region}:${where.account}:table/${name}`;

/** The registry's partition key attributes: `pk` on the table, `<index>pk` on an index. */
const partitionKeyOf = (indexName?: string) => (indexName ? `${indexName}pk` : 'pk');
const scalar = (value: any): string | undefined =>
  value?.S ?? value?.N ?? (typeof value === 'string' ? value : undefined);
const leadingKeys = (items: Input[], index?: string): string[] => [
  ...new Set(items.map((item) => scalar(item?.[partitionKeyOf(index)])).filter((k): k is string => !!k)),
];

/** The partition key a Query's key condition fixes (`pk = :v`, or through a `#name`). */
function queriedKey(input: Input): string[] {
  const attribute = partitionKeyOf(input.IndexName);
  for (const clause of String(input.KeyConditionExpression ?? '').split(/\s+AND\s+/i)) {
    const match = /^\s*\(?\s*([#\w]+)\s*=\s*(:\w+)\s*\)?\s*$/.exec(clause);
    if (!match) continue;
    const name = match[1]!.startsWith('#') ? input.ExpressionAttributeNames?.[match[1]!] : match[1];
    const value = scalar(input.ExpressionAttributeValues?.[match[2]!]);
    if (name === attribute && value) return [value];
  }
  return [];
}

const itemRequest = (action: string, table: string, items: Input[], where: Where) =>
  request(`dynamodb:${action}`, tableArn(table, where), { 'dynamodb:LeadingKeys': leadingKeys(items) });

const dynamoDb: Record<string, Mapper> = {
  GetItem: (i, w) => [itemRequest('GetItem', i.TableName, [i.Key], w)],
  PutItem: (i, w) => [itemRequest('PutItem', i.TableName, [i.Item], w)],
  UpdateItem: (i, w) => [itemRequest('UpdateItem', i.TableName, [i.Key], w)],
  DeleteItem: (i, w) => [itemRequest('DeleteItem', i.TableName, [i.Key], w)],
  DescribeTable: (i, w) => [request('dynamodb:DescribeTable', tableArn(i.TableName, w))],
  Scan: (i, w) => [request('dynamodb:Scan', tableArn(i.TableName, w))],
  Query: (i, w) => [
    request(
      'dynamodb:Query',
      i.IndexName ? `${tableArn(i.TableName, w)}/index/${i.IndexName}` : tableArn(i.TableName, w),
      { 'dynamodb:LeadingKeys': queriedKey(i) },
    ),
  ],
  BatchGetItem: (i, w) =>
    Object.entries(i.RequestItems ?? {}).map(([table, ask]: [string, any]) =>
      itemRequest('BatchGetItem', table, ask.Keys ?? [], w),
    ),
  BatchWriteItem: (i, w) =>
    Object.entries(i.RequestItems ?? {}).map(([table, writes]: [string, any]) =>
      itemRequest(
        'BatchWriteItem',
        table,
        writes.map((x: any) => x.PutRequest?.Item ?? x.DeleteRequest?.Key),
        w,
      ),
    ),
  // A transaction is authorized item by item, by the single-item action each one is.
  TransactWriteItems: (i, w) =>
    (i.TransactItems ?? []).map((item: any) => {
      if (item.Put) return itemRequest('PutItem', item.Put.TableName, [item.Put.Item], w);
      if (item.Update) return itemRequest('UpdateItem', item.Update.TableName, [item.Update.Key], w);
      if (item.Delete) return itemRequest('DeleteItem', item.Delete.TableName, [item.Delete.Key], w);
      return itemRequest('ConditionCheckItem', item.ConditionCheck.TableName, [item.ConditionCheck.Key], w);
    }),
  TransactGetItems: (i, w) =>
    (i.TransactItems ?? []).map((item: any) => itemRequest('GetItem', item.Get.TableName, [item.Get.Key], w)),
};

// --- KMS: the key, and the encryption context as `kms:EncryptionContext:<key>` -------------------

const keyArn = (keyId: string, w: Where) =>
  keyId.startsWith('arn:')
    ? placedArn(keyId, w)
    : `arn:aws:kms:${w.region}:${w.account}:${keyId.startsWith('alias/') ? keyId : `key/${keyId}`}`;
const encryptionContext = (context: Record<string, string> | undefined) =>
  context
    ? {
        ...Object.fromEntries(Object.entries(context).map(([k, v]) => [`kms:EncryptionContext:${k}`, v])),
        'kms:EncryptionContextKeys': Object.keys(context),
      }
    : {};
const kmsCall =
  (action: string): Mapper =>
  (i, w) => [request(`kms:${action}`, keyArn(String(i.KeyId), w), encryptionContext(i.EncryptionContext))];
const kms: Record<string, Mapper> = Object.fromEntries(
  ['Sign', 'Verify', 'GetPublicKey', 'DescribeKey', 'Encrypt', 'Decrypt', 'GenerateDataKey'].map((a) => [
    a,
    kmsCall(a),
  ]),
);

// --- Tags given at creation: AWS authorizes the service's tagging action as well ----------------

const requestTags = (tags: Record<string, string>) => ({
  ...Object.fromEntries(Object.entries(tags).map(([k, v]) => [`aws:RequestTag/${k}`, v])),
  'aws:TagKeys': Object.keys(tags),
});
const tagList = (tags: { Key?: string; Value?: string; key?: string; value?: string }[] | undefined) =>
  Object.fromEntries((tags ?? []).map((t) => [t.Key ?? t.key ?? '', t.Value ?? t.value ?? '']));
const withTags = (tags: Record<string, string>, action: string, resource: string, extra = {}) =>
  Object.keys(tags).length > 0 ? [request(action, resource, { ...requestTags(tags), ...extra })] : [];

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
const events: Record<string, Mapper> = {
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
const sqs: Record<string, Mapper> = {
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
const s3: Record<string, Mapper> = {
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
const secretsManager: Record<string, Mapper> = {
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

// --- ECS ------------------------------------------------------------------------------------------

const clusterName = (cluster: string | undefined) => (cluster ?? 'default').split('/').at(-1)!;
const clusterArn = (cluster: string | undefined, w: Where) =>
  `arn:aws:ecs:${w.region}:${w.account}:cluster/${clusterName(cluster)}`;
const serviceArn = (cluster: string | undefined, service: string, w: Where) =>
  service.startsWith('arn:')
    ? placedArn(service, w)
    : `arn:aws:ecs:${w.region}:${w.account}:service/${clusterName(cluster)}/${service}`;
const inCluster = (i: Input, w: Where) => ({ 'ecs:cluster': clusterArn(i.cluster, w) });
const ecs: Record<string, Mapper> = {
  RegisterTaskDefinition: (i, w) => {
    const arn = `arn:aws:ecs:${w.region}:${w.account}:task-definition/${i.family}:1`;
    const tags = tagList(i.tags);
    const passed = [i.executionRoleArn, i.taskRoleArn].filter(Boolean) as string[];
    return [
      request('ecs:RegisterTaskDefinition', arn, requestTags(tags)),
      ...withTags(tags, 'ecs:TagResource', arn, { 'ecs:CreateAction': 'RegisterTaskDefinition' }),
      // Naming a role in a task definition passes it to ECS tasks.
      ...passed.map((role) =>
        request('iam:PassRole', placedArn(role, w), { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' }),
      ),
    ];
  },
  DeregisterTaskDefinition: () => [request('ecs:DeregisterTaskDefinition', '*')],
  ListTaskDefinitions: () => [request('ecs:ListTaskDefinitions', '*')],
  DescribeTaskDefinition: (i, w) => [
    request(
      'ecs:DescribeTaskDefinition',
      String(i.taskDefinition).startsWith('arn:')
        ? placedArn(i.taskDefinition, w)
        : `arn:aws:ecs:${w.region}:${w.account}:task-definition/${i.taskDefinition}`,
    ),
  ],
  CreateService: (i, w) => {
    const arn = serviceArn(i.cluster, i.serviceName, w);
    const tags = tagList(i.tags);
    return [
      request('ecs:CreateService', arn, { ...inCluster(i, w), ...requestTags(tags) }),
      ...withTags(tags, 'ecs:TagResource', arn, { 'ecs:CreateAction': 'CreateService' }),
    ];
  },
  UpdateService: (i, w) => [
    request('ecs:UpdateService', serviceArn(i.cluster, i.service, w), inCluster(i, w)),
  ],
  DeleteService: (i, w) => [
    request('ecs:DeleteService', serviceArn(i.cluster, i.service, w), inCluster(i, w)),
  ],
  DescribeServices: (i, w) =>
    (i.services ?? []).map((s: string) =>
      request('ecs:DescribeServices', serviceArn(i.cluster, s, w), inCluster(i, w)),
    ),
  ListTasks: (i, w) => [
    request(
      'ecs:ListTasks',
      `arn:aws:ecs:${w.region}:${w.account}:container-instance/${clusterName(i.cluster)}/*`,
      inCluster(i, w),
    ),
  ],
  DescribeTasks: (i, w) =>
    (i.tasks ?? []).map((t: string) =>
      request(
        'ecs:DescribeTasks',
        t.startsWith('arn:')
          ? placedArn(t, w)
          : `arn:aws:ecs:${w.region}:${w.account}:task/${clusterName(i.cluster)}/${t}`,
        inCluster(i, w),
      ),
    ),
};

// --- Cloud Map ------------------------------------------------------------------------------------

const cloudMap = (kind: 'service' | 'namespace', id: string, w: Where) =>
  `arn:aws:servicediscovery:${w.region}:${w.account}:${kind}/${id}`;
/** Tags of the Cloud Map services seen created, by id, for the `aws:ResourceTag` conditions on them. */
const cloudMapTags = new Map<string, Record<string, string>>();
const resourceTags = (tags: Record<string, string> | undefined) =>
  Object.fromEntries(Object.entries(tags ?? {}).map(([k, v]) => [`aws:ResourceTag/${k}`, v]));
const serviceDiscovery: Record<string, Mapper> = {
  CreateService: (i, w, output) => {
    const tags = tagList(i.Tags);
    if (output?.Service?.Id) cloudMapTags.set(output.Service.Id, tags);
    const namespace = cloudMap('namespace', i.NamespaceId, w);
    const context = { 'servicediscovery:NamespaceArn': namespace, ...requestTags(tags) };
    return [
      request('servicediscovery:CreateService', namespace, context),
      request('servicediscovery:CreateService', cloudMap('service', '*', w), context),
      ...withTags(tags, 'servicediscovery:TagResource', '*'),
    ];
  },
  GetService: (i, w) => [
    request(
      'servicediscovery:GetService',
      cloudMap('service', i.Id, w),
      resourceTags(cloudMapTags.get(i.Id)),
    ),
  ],
  DeleteService: (i, w) => [
    request(
      'servicediscovery:DeleteService',
      cloudMap('service', i.Id, w),
      resourceTags(cloudMapTags.get(i.Id)),
    ),
  ],
  ListServices: () => [request('servicediscovery:ListServices', '*')],
  ListInstances: (i, w) => [request('servicediscovery:ListInstances', cloudMap('service', i.ServiceId, w))],
  GetNamespace: (i, w) => [request('servicediscovery:GetNamespace', cloudMap('namespace', i.Id, w))],
};

// --- STS, Lambda, IAM -----------------------------------------------------------------------------

const sts: Record<string, Mapper> = {
  AssumeRole: (i, w) => {
    const role = placedArn(i.RoleArn, w);
    const tags = tagList(i.Tags);
    const context = { 'sts:RoleSessionName': i.RoleSessionName, ...requestTags(tags) };
    return [
      request('sts:AssumeRole', role, context),
      ...(Object.keys(tags).length ? [request('sts:TagSession', role, context)] : []),
    ];
  },
};

const lambda: Record<string, Mapper> = {
  Invoke: (i, w) => [
    request(
      'lambda:InvokeFunction',
      String(i.FunctionName).startsWith('arn:')
        ? placedArn(i.FunctionName, w)
        : `arn:aws:lambda:${w.region}:${w.account}:function:${i.FunctionName}`,
    ),
  ],
};

/** Roles' paths and boundaries by name, as the recorded CreateRole calls set them (IAM names roles by name). */
const roles = new Map<string, { path: string; boundary?: string }>();
const roleArn = (name: string, w: Where) =>
  `arn:aws:iam::${w.account}:role${roles.get(name)?.path ?? '/'}${name}`;
const boundaryOf = (name: string, w: Where): Record<string, string> => {
  const boundary = roles.get(name)?.boundary;
  return boundary ? { 'iam:PermissionsBoundary': placedArn(boundary, w) } : {};
};
const roleCall =
  (action: string): Mapper =>
  (i, w) => [request(`iam:${action}`, roleArn(i.RoleName, w), boundaryOf(i.RoleName, w))];
const iam: Record<string, Mapper> = {
  CreateRole: (i, w) => {
    roles.set(i.RoleName, { path: i.Path ?? '/', boundary: i.PermissionsBoundary });
    const arn = roleArn(i.RoleName, w);
    const tags = tagList(i.Tags);
    const context = { ...boundaryOf(i.RoleName, w), ...requestTags(tags) };
    return [request('iam:CreateRole', arn, context), ...withTags(tags, 'iam:TagRole', arn, context)];
  },
  PutRolePolicy: roleCall('PutRolePolicy'),
  GetRole: roleCall('GetRole'),
  DeleteRolePolicy: roleCall('DeleteRolePolicy'),
  DeleteRole: roleCall('DeleteRole'),
};

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
};
