/* Running plugins and assuming roles: ECS, Cloud Map, STS, Lambda, IAM. */
import {
  type Input,
  type Mapper,
  placedArn,
  request,
  requestTags,
  tagList,
  type Where,
  withTags,
} from './request-parts';

// --- ECS ------------------------------------------------------------------------------------------

const clusterName = (cluster: string | undefined) => (cluster ?? 'default').split('/').at(-1)!;
const clusterArn = (cluster: string | undefined, w: Where) =>
  `arn:aws:ecs:${w.region}:${w.account}:cluster/${clusterName(cluster)}`;
const serviceArn = (cluster: string | undefined, service: string, w: Where) =>
  service.startsWith('arn:')
    ? placedArn(service, w)
    : `arn:aws:ecs:${w.region}:${w.account}:service/${clusterName(cluster)}/${service}`;
const inCluster = (i: Input, w: Where) => ({ 'ecs:cluster': clusterArn(i.cluster, w) });
export const ecs: Record<string, Mapper> = {
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
export const serviceDiscovery: Record<string, Mapper> = {
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

export const sts: Record<string, Mapper> = {
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

export const lambda: Record<string, Mapper> = {
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
export const iam: Record<string, Mapper> = {
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
