import { type CfnElement, Duration, Stack, Validations } from 'aws-cdk-lib';
import type { SecurityGroup, Vpc } from 'aws-cdk-lib/aws-ec2';
import { PolicyStatement, type Role } from 'aws-cdk-lib/aws-iam';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { INSTALLATION_RESOURCES, type Setting } from '../../adapters/aws/deploy-contract';
import type { Area } from '../../functions/routes';
import { DEAD_LETTER_RETENTION, secureQueueProps } from '../defaults/queue';
import type { CanonicalBus } from './canonical-bus';
import { HostFunction } from './host-function';
import type { HostKeys } from './host-keys';
import { installationSecretsArn, type PluginRuntime } from './plugin-runtime';
import type { RateLimitStore } from './rate-limit-store';
import type { Registry } from './registry';
import { RolloutRunner } from './rollout-runner';

export interface PlatformFunctionsProps {
  readonly keys: HostKeys;
  readonly registry: Registry;
  /** The lanes' shared call counters. */
  readonly rateLimits: RateLimitStore;
  readonly bus: CanonicalBus;
  readonly runtime: PluginRuntime;
  /** The API's base URL, as plugins are told to call it. */
  readonly apiUrl: string;
  readonly identity: { readonly issuer: string; readonly audience: string };
  /** Origins allowed to call the API from a browser (the console). */
  readonly corsOrigins: readonly string[];
  /** @default every 2 minutes */
  readonly healthInterval?: Duration;
}

const AREAS: Readonly<Record<Area, { entry: string; description: string }>> = {
  tenants: { entry: 'functions/tenants/handler.ts', description: 'Tenants' },
  catalog: { entry: 'functions/catalog/handler.ts', description: 'Plugin catalog' },
  rollouts: { entry: 'functions/rollouts/handler.ts', description: 'Staged rollouts of plugin versions' },
  installations: {
    entry: 'functions/installations/handler.ts',
    description: 'Installations read: state, config (masked), health, subscribers',
  },
  lifecycle: {
    entry: 'functions/lifecycle/handler.ts',
    description: 'Installations changed: install, enable, configure, upgrade, uninstall',
  },
  audit: { entry: 'functions/audit/handler.ts', description: 'Audit queries and chain verification' },
  canonical: { entry: 'functions/lanes/canonical/handler.ts', description: 'Canonical lane: publish events' },
  operator: {
    entry: 'functions/lanes/operator/handler.ts',
    description: 'Operator lane: plugin-to-plugin calls',
  },
  proxy: { entry: 'functions/lanes/proxy/handler.ts', description: 'Proxy lane: allowlisted egress' },
  self: { entry: 'functions/lanes/self/handler.ts', description: 'Plugin self-service: config, credential' },
};

/**
 * The platform's Lambdas: one per area of the route table, the plugin-credential authorizer, the
 * scheduled health round and the scheduled lifecycle sweep. All run in the plugin VPC except the proxy lane, which must reach
 * the internet and so is the one function outside it. Each gets the grants its area needs.
 */
export class PlatformFunctions extends Construct {
  readonly areas: Readonly<Record<Area, HostFunction>>;
  readonly authorizer: HostFunction;
  readonly health: HostFunction;
  /** Ends lifecycle steps a crashed or timed-out lifecycle call left half done, on a schedule. */
  readonly lifecycleSweep: HostFunction;
  /** Takes one step of a rollout, for the rollout runner's state machine. */
  readonly rolloutStep: HostFunction;
  /** Steps each started rollout until it stops (Step Functions). */
  readonly rolloutRunner: RolloutRunner;
  /** Manages the per-installation task roles for the lifecycle functions (IAM is not reachable from the VPC). */
  readonly taskRoles: HostFunction;
  /** Failed scheduled invocations, kept for inspection. */
  readonly deadLetters: Queue;
  /** The role the plugin lanes assume per tenant to reach that tenant's registry items. */
  readonly tenantData: Role;

  constructor(scope: Construct, id: string, props: PlatformFunctionsProps) {
    super(scope, id);
    const { keys, registry, bus, runtime } = props;
    const stack = Stack.of(this);
    const key = keys.platformKey;
    const common: Partial<Record<Setting, string>> = {
      table: registry.table.tableName,
      platformKey: key.keyArn,
      credentialKey: keys.credentialKey.keyArn,
      busName: bus.bus.eventBusName,
      busDeadLetters: bus.deadLetters.queueArn,
      cluster: runtime.cluster.clusterArn,
      serviceNamespaceId: runtime.namespace.namespaceId,
      serviceNamespaceName: runtime.namespace.namespaceName,
      pluginSubnets: runtime.vpc.isolatedSubnets.map((s) => s.subnetId).join(','),
      pluginSecurityGroups: runtime.pluginSecurityGroup.securityGroupId,
      executionRole: runtime.executionRole.roleArn,
      taskRolePath: INSTALLATION_RESOURCES.taskRolePath,
      taskRoleBoundary: runtime.taskRoleBoundary.managedPolicyArn,
      pluginLogGroup: runtime.logGroup.logGroupName,
      operatorKeySecret: keys.operatorKey.secretArn,
      apiUrl: props.apiUrl,
      jwtIssuer: props.identity.issuer,
      jwtAudience: props.identity.audience,
      corsOrigins: props.corsOrigins.join(','),
      ...(bus.externalSubscriberRole ? { externalTargetRole: bus.externalSubscriberRole.roleArn } : {}),
    };
    this.deadLetters = new Queue(
      this,
      'DeadLetters',
      secureQueueProps(key, { retentionPeriod: DEAD_LETTER_RETENTION }),
    );
    const inVpc = (securityGroups: SecurityGroup[]) => ({ vpc: runtime.vpc as Vpc, securityGroups });

    // IAM's API has no endpoint in the plugin VPC (its PrivateLink endpoint is in us-east-1 only),
    // so the task roles are managed by a function of their own outside it: the only function that
    // may write IAM, with an input of two fields it checks (functions/task-roles/request.ts).
    this.taskRoles = new HostFunction(this, 'TaskRoles', {
      entry: 'functions/task-roles/handler.ts',
      description: 'Vivified: creates and removes the per-installation plugin task roles',
      encryptionKey: key,
      settings: {
        taskRolePath: INSTALLATION_RESOURCES.taskRolePath,
        taskRoleBoundary: runtime.taskRoleBoundary.managedPolicyArn,
        platformKey: key.keyArn,
      },
      timeout: Duration.seconds(20),
      reservedConcurrency: 5,
    });
    runtime.grantManageTaskRoles(this.taskRoles);
    const settings = { ...common, taskRoleFunction: this.taskRoles.functionName };
    const areas = {} as Record<Area, HostFunction>;
    for (const [area, { entry, description }] of Object.entries(AREAS) as [Area, (typeof AREAS)[Area]][]) {
      areas[area] = new HostFunction(this, `${area[0]!.toUpperCase()}${area.slice(1)}`, {
        entry,
        description: `Vivified: ${description}`,
        encryptionKey: key,
        settings,
        timeout:
          area === 'proxy' || area === 'operator' || area === 'lifecycle' ? Duration.seconds(29) : undefined,
        // The proxy lane reaches the internet, which the isolated plugin subnets cannot.
        ...(area === 'proxy'
          ? {}
          : inVpc([
              area === 'operator' ? runtime.operatorLaneSecurityGroup : runtime.controlPlaneSecurityGroup,
            ])),
      });
    }
    this.areas = areas;
    this.authorizer = new HostFunction(this, 'Authorizer', {
      entry: 'functions/authorizer/handler.ts',
      description: 'Vivified: verifies plugin credentials for the lanes',
      encryptionKey: key,
      settings: { credentialKey: keys.credentialKey.keyArn },
      ...inVpc([runtime.controlPlaneSecurityGroup]),
    });
    // The health round only reads the runtime and rotates credentials: no task-role function.
    this.health = new HostFunction(this, 'Health', {
      entry: 'functions/health/handler.ts',
      description: 'Vivified: scheduled health round over running installations',
      encryptionKey: key,
      settings: common,
      timeout: Duration.minutes(2),
      reservedConcurrency: 1,
      deadLetterQueue: this.deadLetters,
      ...inVpc([runtime.operatorLaneSecurityGroup]),
    });
    new Schedule(this, 'HealthSchedule', {
      description: 'Vivified health round',
      schedule: ScheduleExpression.rate(props.healthInterval ?? Duration.minutes(2)),
      target: new LambdaInvoke(this.health, { deadLetterQueue: this.deadLetters, retryAttempts: 2 }),
    });
    this.lifecycleSweep = new HostFunction(this, 'LifecycleSweep', {
      entry: 'functions/lifecycle-sweep/handler.ts',
      description: 'Vivified: ends lifecycle steps nobody is running any more',
      encryptionKey: key,
      settings,
      timeout: Duration.minutes(2),
      reservedConcurrency: 1,
      deadLetterQueue: this.deadLetters,
      ...inVpc([runtime.controlPlaneSecurityGroup]),
    });
    // A step is stuck after 15 minutes (application/health/sweep-stuck.ts); every 5 is soon enough.
    new Schedule(this, 'LifecycleSweepSchedule', {
      description: 'Vivified lifecycle sweep',
      schedule: ScheduleExpression.rate(Duration.minutes(5)),
      target: new LambdaInvoke(this.lifecycleSweep, { deadLetterQueue: this.deadLetters, retryAttempts: 2 }),
    });

    // A rollout upgrades installations through the lifecycle's own use cases, so its step holds
    // the lifecycle's permissions. A step may move a whole wave: each move is a disable, an
    // upgrade and an enable, so it gets the longest time a state machine's task may wait for.
    this.rolloutStep = new HostFunction(this, 'RolloutStep', {
      entry: 'functions/rollout-step/handler.ts',
      description: 'Vivified: one step of a staged rollout, for the rollout runner',
      encryptionKey: key,
      settings,
      timeout: Duration.minutes(15),
      ...inVpc([runtime.controlPlaneSecurityGroup]),
    });
    this.rolloutRunner = new RolloutRunner(this, 'RolloutRunner', {
      step: this.rolloutStep,
      encryptionKey: key,
    });
    // The rollouts area starts a run when a rollout is started, resumed or rolled back.
    this.rolloutRunner.stateMachine.grantStartExecution(areas.rollouts);
    areas.rollouts.addSettings({ rolloutStateMachine: this.rolloutRunner.stateMachine.stateMachineArn });

    // Control-plane functions read and write the registry; the lanes (the internet-facing proxy
    // among them) read it and append audit records only. None writes the audit bucket: the audit
    // archiver does, from the table's stream.
    for (const fn of [
      areas.tenants,
      areas.catalog,
      areas.rollouts,
      areas.installations,
      areas.lifecycle,
      this.health,
      this.lifecycleSweep,
      this.rolloutStep,
    ])
      registry.grantReadWrite(fn);
    // The audit area answers users of any tenant (a platform admin among them) through its own role.
    registry.grantLaneAccess(areas.audit);
    // The plugin lanes reach a tenant's items only through a session of that tenant.
    const lanes = [areas.canonical, areas.operator, areas.proxy, areas.self];
    this.tenantData = registry.grantTenantScopedLaneAccess(lanes);
    for (const fn of lanes) fn.addSettings({ tenantDataRole: this.tenantData.roleArn });
    // The lanes that limit calls count them through the same tenant sessions (docs/rate-limits.md).
    for (const fn of [areas.canonical, areas.operator, areas.proxy])
      fn.addSettings({ rateLimitTable: props.rateLimits.table.tableName });
    props.rateLimits.grantCountTenantCalls(this.tenantData);
    for (const fn of [...Object.values(areas), this.health, this.authorizer]) keys.grantVerify(fn);
    // Config secrets are sealed by the lifecycle area and opened only by the proxy lane, under the
    // platform key or the tenant's own.
    keys.grantEnvelope(areas.lifecycle);
    keys.grantEnvelopeOpen(areas.proxy);
    keys.grantSign(areas.self);
    keys.grantSign(areas.lifecycle);
    keys.grantSign(this.rolloutStep);
    // The health round re-issues each running installation's credential, so a task that restarts
    // later starts with a valid one (application/health/check-health.ts).
    keys.grantSign(this.health);
    keys.grantOperatorKeyRead(areas.operator);
    keys.grantOperatorKeyRead(areas.self);
    // Panel sessions are opened by the installations area and verified where panels are served.
    for (const fn of [areas.installations, areas.operator]) {
      keys.grantPanelKeyRead(fn);
      fn.addSettings({ panelKeySecret: keys.panelKey.secretArn });
    }
    for (const fn of [areas.canonical, areas.lifecycle, this.health]) bus.grantPublish(fn);
    bus.grantPassSubscriberRole(areas.lifecycle);

    // The lifecycle area provisions what an installation owns: its queue, its rules on the bus,
    // its ECS service and Cloud Map service, its credential secret, and (through the task-role
    // function) its task role. Names are prefixed (Cloud Map's ids are not: there the namespace and
    // the installation tag confine the grants), so the grants cover those only.
    const lifecycle = [areas.lifecycle, this.lifecycleSweep, this.rolloutStep];
    for (const fn of lifecycle) {
      // The function itself, not its versions (`:*`): the lifecycle calls whatever is deployed.
      fn.addToRolePolicy(
        new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.taskRoles.functionArn] }),
      );
      fn.addToRolePolicy(
        new PolicyStatement({
          actions: [
            'sqs:CreateQueue',
            'sqs:DeleteQueue',
            'sqs:GetQueueAttributes',
            'sqs:SetQueueAttributes',
            'sqs:GetQueueUrl',
            'sqs:TagQueue',
            'sqs:StartMessageMoveTask',
            'sqs:ListMessageMoveTasks',
            'sqs:ReceiveMessage',
            'sqs:DeleteMessage',
            // A redrive moves dead letters back to the installation's queue in the caller's name:
            // SQS checks SendMessage on the destination (StartMessageMoveTask's documented permissions).
            'sqs:SendMessage',
          ],
          resources: [stack.formatArn({ service: 'sqs', resource: INSTALLATION_RESOURCES.queuePattern })],
        }),
      );
      fn.addToRolePolicy(
        new PolicyStatement({
          actions: [
            'events:PutRule',
            'events:DeleteRule',
            'events:PutTargets',
            'events:RemoveTargets',
            'events:DescribeRule',
            'events:ListTargetsByRule',
            // Rules are created with tenant and installation tags.
            'events:TagResource',
          ],
          resources: [
            stack.formatArn({
              service: 'events',
              resource: 'rule',
              resourceName: `${bus.bus.eventBusName}/*`,
            }),
          ],
        }),
      );
      fn.addToRolePolicy(
        new PolicyStatement({
          actions: [
            'ecs:RegisterTaskDefinition',
            'ecs:DeregisterTaskDefinition',
            'ecs:DescribeTaskDefinition',
          ],
          resources: ['*'],
        }),
      );
      fn.addToRolePolicy(
        new PolicyStatement({
          actions: [
            'ecs:CreateService',
            'ecs:UpdateService',
            'ecs:DeleteService',
            'ecs:DescribeServices',
            'ecs:ListTasks',
            'ecs:DescribeTasks',
          ],
          resources: ['*'],
          conditions: { ArnEquals: { 'ecs:cluster': runtime.cluster.clusterArn } },
        }),
      );
      // Services and task definitions are created with tenant and installation tags.
      fn.addToRolePolicy(
        new PolicyStatement({
          actions: ['ecs:TagResource'],
          resources: ['*'],
          conditions: { StringEquals: { 'ecs:CreateAction': ['CreateService', 'RegisterTaskDefinition'] } },
        }),
      );
      // ListRules has no resource-level permissions: IAM authorizes it only on `*` (a rule ARN,
      // even `rule/*`, never matches). It lists rule names and patterns, no events.
      fn.addToRolePolicy(new PolicyStatement({ actions: ['events:ListRules'], resources: ['*'] }));
      fn.addToRolePolicy(
        new PolicyStatement({
          actions: ['ecs:ListTaskDefinitions'],
          resources: ['*'],
        }),
      );
      // Each installation's credential is a secret of its own, injected into its task.
      fn.addToRolePolicy(
        new PolicyStatement({
          actions: [
            'secretsmanager:CreateSecret',
            'secretsmanager:PutSecretValue',
            'secretsmanager:DeleteSecret',
            'secretsmanager:TagResource',
          ],
          resources: [installationSecretsArn(stack)],
        }),
      );
      runtime.grantRunTasks(fn);
      runtime.grantManageServiceRegistrations(fn);
      // The installation queues and credential secrets are encrypted under the platform key: SQS
      // and Secrets Manager use it on the caller's behalf, and only they may.
      fn.addToRolePolicy(
        new PolicyStatement({
          actions: ['kms:GenerateDataKey', 'kms:Decrypt', 'kms:DescribeKey'],
          resources: [key.keyArn],
          conditions: {
            StringEquals: {
              'kms:ViaService': [
                `sqs.${stack.region}.amazonaws.com`,
                `secretsmanager.${stack.region}.amazonaws.com`,
              ],
            },
          },
        }),
      );
    }
    // The health round and the installation reads read each installation's service (and its task
    // definition, for the port its endpoint answers on): none of the lifecycle's writes.
    for (const fn of [this.health, areas.installations]) {
      fn.addToRolePolicy(
        new PolicyStatement({
          actions: ['ecs:DescribeServices'],
          resources: ['*'],
          conditions: { ArnEquals: { 'ecs:cluster': runtime.cluster.clusterArn } },
        }),
      );
      fn.addToRolePolicy(new PolicyStatement({ actions: ['ecs:DescribeTaskDefinition'], resources: ['*'] }));
    }
    // The health round rotates each running installation's credential secret.
    this.health.addToRolePolicy(
      new PolicyStatement({
        actions: ['secretsmanager:PutSecretValue'],
        resources: [installationSecretsArn(stack)],
      }),
    );
    this.health.addToRolePolicy(
      new PolicyStatement({
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [key.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${stack.region}.amazonaws.com` } },
      }),
    );
    // The health round and the reads count an installation's dead letters (which count against its
    // health), and never receive or move them.
    for (const fn of [this.health, areas.installations]) {
      fn.addToRolePolicy(
        new PolicyStatement({
          actions: ['sqs:GetQueueAttributes'],
          resources: [stack.formatArn({ service: 'sqs', resource: INSTALLATION_RESOURCES.queuePattern })],
        }),
      );
    }
    // The installation reads chart an installation's lane metrics (EMF, written by the lanes'
    // logs, no grant) and its queues' SQS metrics. GetMetricData has no resource-level
    // permissions and no condition key that narrows it to a namespace or dimension, so it is
    // granted on `*` to this function alone; what it asks for is fixed in code
    // (adapters/aws/cloudwatch-lane-metrics.ts) and only after the caller may read the health.
    // The rollout step reads the same metrics for its error-rate gate (application/rollouts/observe.ts).
    for (const fn of [areas.installations, this.rolloutStep])
      fn.addToRolePolicy(new PolicyStatement({ actions: ['cloudwatch:GetMetricData'], resources: ['*'] }));
    // The operator lane reaches plugins by their Cloud Map names and manifest ports: it needs no
    // ECS or Cloud Map permission at all, only DNS inside the VPC.
    this.acknowledge(props);
  }

  /** What cdk-nag reports about these functions that is so by design, each with its reason. */
  private acknowledge(props: PlatformFunctionsProps) {
    const stack = Stack.of(this);
    const logicalId = (construct: Construct) => stack.getLogicalId(construct.node.defaultChild as CfnElement);
    const here = Validations.of(this);
    const ack = (id: string, reason: string) => here.acknowledge({ id, reason });
    ack(
      'AwsSolutions-IAM5[Resource::*]',
      'X-Ray trace writes, ECS task-definition APIs, EventBridge ListRules (rule names and patterns of every bus), CloudWatch GetMetricData (the installation reads and the rollout step only) and tagging at creation have no resource-level permissions; tagging is conditioned on the create action, ECS service actions on the plugin cluster.',
    );
    ack(
      `AwsSolutions-IAM5[Resource::<${logicalId(props.registry.table)}.Arn>/index/*]`,
      'Queries use the registry table’s own secondary indexes.',
    );
    ack(
      'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
      'Reading and writing the KMS-encrypted table and bucket needs data keys of the platform key, and only that key.',
    );
    ack(
      'AwsSolutions-IAM5[Action::kms:ReEncrypt*]',
      'Granted by CDK with encrypt/decrypt on the platform key only, for the KMS-encrypted registry table.',
    );
    ack(
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:sqs:<AWS::Region>:<AWS::AccountId>:vivified-*]',
      'Each installation gets its own queue, created at enable time and named vivified-<installation>; the prefix confines the grant to them.',
    );
    ack(
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:events:<AWS::Region>:<AWS::AccountId>:rule/<${logicalId(props.bus.bus)}>/*]`,
      'Subscription rules are created per installation on the canonical bus only.',
    );
    ack(
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:vivified/installations/*]',
      'Each installation’s credential is a secret of its own, created at enable time under this path.',
    );
    ack(
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::<AWS::AccountId>:role/vivified/plugins/*]',
      'Creating, passing and deleting roles is limited to the per-installation task roles under this path; creating or changing one requires the task-role boundary.',
    );
    // The scheduler's role is created at stack level by the schedule target.
    for (const [fn, name] of [
      [this.health, 'health'],
      [this.lifecycleSweep, 'lifecycle sweep'],
    ] as const) {
      Validations.of(stack).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${logicalId(fn)}.Arn>:*]`,
        reason: `The scheduler may invoke any version of the ${name} function, which it alone targets.`,
      });
    }
    Validations.of(this.taskRoles).acknowledge({
      id: 'HIPAA.Security-LambdaInsideVPC',
      reason:
        'IAM’s API has no VPC endpoint outside us-east-1, so the task-role function runs outside the isolated VPC; it may only create, tag and delete roles under /vivified/plugins/ carrying the task-role boundary.',
    });
    for (const fn of [...Object.values(this.areas), this.authorizer, this.taskRoles]) {
      Validations.of(fn).acknowledge({
        id: 'HIPAA.Security-LambdaDLQ',
        reason:
          'Invoked synchronously (by API Gateway, or by the lifecycle functions for task roles): a failure is answered to the caller, there is no event to keep.',
      });
    }
    Validations.of(this.rolloutStep).acknowledge({
      id: 'HIPAA.Security-LambdaDLQ',
      reason:
        'Invoked synchronously by the rollout runner’s state machine, which retries a failed step and keeps the rollout’s state in the registry: there is no event to keep.',
    });
    Validations.of(this.areas.proxy).acknowledge({
      id: 'HIPAA.Security-LambdaInsideVPC',
      reason:
        'The proxy lane is the platform’s only way to the internet; it stays outside the isolated VPC by design.',
    });
  }
}
