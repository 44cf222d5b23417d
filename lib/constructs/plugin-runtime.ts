import { ArnFormat, Stack, Validations } from 'aws-cdk-lib';
import { Port, SecurityGroup, type Vpc } from 'aws-cdk-lib/aws-ec2';
import { Cluster, ContainerInsights } from 'aws-cdk-lib/aws-ecs';
import {
  Effect,
  Grant,
  type IGrantable,
  ManagedPolicy,
  PolicyStatement,
  Role,
  ServicePrincipal,
} from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { PrivateDnsNamespace } from 'aws-cdk-lib/aws-servicediscovery';
import { Construct, type IConstruct } from 'constructs';
import { INSTALLATION_RESOURCES } from '../../adapters/aws/deploy-contract';
import { secureLogGroupProps } from '../defaults/logs';
import { PluginNetwork } from './plugin-network';

const { taskRolePath, imageRepositoryPrefix, credentialSecretPattern, queuePattern, tags } =
  INSTALLATION_RESOURCES;

/** The installations' credential secrets (adapters/aws/ecs-runtime.ts names them). */
export const installationSecretsArn = (stack: Stack) =>
  stack.formatArn({
    service: 'secretsmanager',
    resource: 'secret',
    resourceName: credentialSecretPattern,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
const INSTALLATION_SECRETS_NAG = `arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:${credentialSecretPattern}`;

export interface PluginRuntimeProps {
  /** Key for the plugin and flow log groups. */
  readonly encryptionKey: IKey;
  /** @default '10.40.0.0/16' */
  readonly cidr?: string;
  /** @default 2 */
  readonly maxAzs?: number;
  /**
   * ECR repository name prefix plugin images are pulled from, in this account.
   * @default 'vivified-plugins/'
   */
  readonly imageRepositoryPrefix?: string;
  /** Private DNS namespace plugins are registered in. @default 'plugins.vivified.internal' */
  readonly namespaceName?: string;
}

/**
 * Where plugins run: a VPC with isolated subnets only — no NAT gateway and no internet route, so
 * the proxy lane is a plugin's only way out — with the endpoints tasks need to pull images, log,
 * read their queue and secrets and call the platform's API; an ECS cluster with Container
 * Insights; a Cloud Map namespace; the task execution role; and security groups letting plugins
 * accept traffic from the operator lane only.
 */
export class PluginRuntime extends Construct {
  readonly network: PluginNetwork;
  readonly vpc: Vpc;
  readonly cluster: Cluster;
  readonly namespace: PrivateDnsNamespace;
  readonly executionRole: Role;
  readonly logGroup: LogGroup;
  /** Attached to the operator lane's function: the only source plugins accept connections from. */
  readonly operatorLaneSecurityGroup: SecurityGroup;
  readonly pluginSecurityGroup: SecurityGroup;
  /** The control plane's functions: AWS APIs through the endpoints, no connections to plugins. */
  readonly controlPlaneSecurityGroup: SecurityGroup;
  /** Every per-installation task role must carry this boundary: nothing beyond the lanes' needs. */
  readonly taskRoleBoundary: ManagedPolicy;

  constructor(scope: Construct, id: string, props: PluginRuntimeProps) {
    super(scope, id);
    const namespaceName = props.namespaceName ?? 'plugins.vivified.internal';
    this.network = new PluginNetwork(this, 'Network', {
      encryptionKey: props.encryptionKey,
      cidr: props.cidr,
      maxAzs: props.maxAzs,
      namespaceName,
    });
    this.vpc = this.network.vpc;

    this.operatorLaneSecurityGroup = new SecurityGroup(this, 'OperatorLane', {
      vpc: this.vpc,
      description: 'The operator lane function: the only caller plugins accept',
      allowAllOutbound: false,
    });
    this.pluginSecurityGroup = new SecurityGroup(this, 'Plugins', {
      vpc: this.vpc,
      description: 'Plugin tasks: inbound from the operator lane only; outbound to the VPC endpoints only',
      allowAllOutbound: false,
    });
    this.pluginSecurityGroup.addIngressRule(
      this.operatorLaneSecurityGroup,
      Port.allTcp(),
      'operator lane calls',
    );
    // Plugins reach the interface endpoints (their queue, logs, secrets, the private API) and S3
    // for image layers; they use no DynamoDB.
    this.network.allowAwsApis(this.pluginSecurityGroup, { s3: true });
    this.operatorLaneSecurityGroup.addEgressRule(this.pluginSecurityGroup, Port.allTcp(), 'calls to plugins');
    this.network.allowAwsApis(this.operatorLaneSecurityGroup, { dynamoDb: true });
    this.controlPlaneSecurityGroup = new SecurityGroup(this, 'ControlPlane', {
      vpc: this.vpc,
      description: 'Control plane functions: AWS APIs through the VPC endpoints only',
      allowAllOutbound: false,
    });
    this.network.allowAwsApis(this.controlPlaneSecurityGroup, { s3: true, dynamoDb: true });

    this.cluster = new Cluster(this, 'Cluster', {
      vpc: this.vpc,
      containerInsightsV2: ContainerInsights.ENHANCED,
    });
    this.namespace = new PrivateDnsNamespace(this, 'Namespace', {
      name: namespaceName,
      vpc: this.vpc,
      description: 'Plugin tasks, addressed by installation',
    });
    this.logGroup = new LogGroup(this, 'PluginLogs', secureLogGroupProps(props.encryptionKey));

    // Least privilege instead of the AWS managed execution policy: what ECS does on a task's
    // behalf before it starts — pull its image, inject its credential secret, write its logs.
    this.executionRole = new Role(this, 'ExecutionRole', {
      assumedBy: new ServicePrincipal('ecs-tasks.amazonaws.com'),
      description: 'Pulls plugin images, injects installation credentials and writes plugin logs',
    });
    this.executionRole.addToPolicy(
      new PolicyStatement({ actions: ['ecr:GetAuthorizationToken'], resources: ['*'] }),
    );
    const repositories = `${props.imageRepositoryPrefix ?? imageRepositoryPrefix}*`;
    this.executionRole.addToPolicy(
      new PolicyStatement({
        actions: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'],
        resources: [
          Stack.of(this).formatArn({ service: 'ecr', resource: 'repository', resourceName: repositories }),
        ],
      }),
    );
    // Each task definition injects its installation's credential from a secret of its own, sealed
    // under the platform key; ECS reads it with this role, through Secrets Manager only.
    this.executionRole.addToPolicy(
      new PolicyStatement({
        actions: ['secretsmanager:GetSecretValue'],
        resources: [installationSecretsArn(Stack.of(this))],
      }),
    );
    this.executionRole.addToPolicy(
      new PolicyStatement({
        actions: ['kms:Decrypt'],
        resources: [props.encryptionKey.keyArn],
        conditions: {
          StringEquals: { 'kms:ViaService': `secretsmanager.${Stack.of(this).region}.amazonaws.com` },
        },
      }),
    );
    this.logGroup.grantWrite(this.executionRole);
    Validations.of(this.executionRole).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'ecr:GetAuthorizationToken has no resource-level permissions; it grants no image by itself.',
    });
    Validations.of(this.executionRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ecr:<AWS::Region>:<AWS::AccountId>:repository/${repositories}]`,
      reason: `Plugin images are pulled only from this account's repositories named ${repositories}; manifests name their image at registration, so no single repository can be listed here.`,
    });
    Validations.of(this.executionRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${INSTALLATION_SECRETS_NAG}]`,
      reason:
        'Reads the installations’ credential secrets (one per installation, created at enable under this path) to inject them into their tasks; no other secret.',
    });

    const stack = Stack.of(this);
    this.taskRoleBoundary = new ManagedPolicy(this, 'TaskRoleBoundary', {
      description: 'Permissions boundary of every plugin task role: its own queue, nothing else',
      statements: [
        new PolicyStatement({
          actions: [
            'sqs:ReceiveMessage',
            'sqs:DeleteMessage',
            'sqs:ChangeMessageVisibility',
            'sqs:GetQueueAttributes',
          ],
          resources: [stack.formatArn({ service: 'sqs', resource: queuePattern })],
        }),
        new PolicyStatement({
          actions: ['kms:Decrypt'],
          resources: [props.encryptionKey.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `sqs.${stack.region}.amazonaws.com` } },
        }),
        new PolicyStatement({
          effect: Effect.DENY,
          notActions: ['sqs:*', 'kms:Decrypt'],
          resources: ['*'],
        }),
      ],
    });
    Validations.of(this.taskRoleBoundary).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:sqs:<AWS::Region>:<AWS::AccountId>:${queuePattern}]`,
      reason: 'A boundary caps every installation’s role; each role itself names its one queue.',
    });
  }

  /**
   * Lets the control plane create, update and delete the per-installation task roles: only under
   * the plugin path, and creating or changing one only with the task-role boundary attached, so
   * no role it makes can exceed the boundary.
   */
  grantManageTaskRoles(grantee: IGrantable): void {
    const roles = Stack.of(this).formatArn({
      service: 'iam',
      region: '',
      resource: 'role',
      resourceName: `${taskRolePath.slice(1)}*`,
    });
    const boundary = { StringEquals: { 'iam:PermissionsBoundary': this.taskRoleBoundary.managedPolicyArn } };
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['iam:CreateRole', 'iam:PutRolePolicy'],
        resources: [roles],
        conditions: boundary,
      }),
    );
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['iam:GetRole', 'iam:TagRole', 'iam:DeleteRolePolicy', 'iam:DeleteRole'],
        resources: [roles],
      }),
    );
  }

  /**
   * Lets the control plane give each installation a Cloud Map service in the plugin namespace and
   * delete it again: creating only in this namespace and only with the platform's tags, reading
   * and deleting only services carrying an installation tag. ECS registers and deregisters the
   * tasks itself, with its service-linked role, so no instance permissions are granted.
   */
  grantManageServiceRegistrations(grantee: IGrantable & IConstruct & { readonly role?: IConstruct }): void {
    const stack = Stack.of(this);
    const services = stack.formatArn({ service: 'servicediscovery', resource: 'service', resourceName: '*' });
    const principal = grantee.grantPrincipal;
    principal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['servicediscovery:CreateService'],
        resources: [this.namespace.namespaceArn, services],
        conditions: { ArnEquals: { 'servicediscovery:NamespaceArn': this.namespace.namespaceArn } },
      }),
    );
    // Cloud Map's TagResource has no resource-level permissions: IAM authorizes it on `*` only (a
    // service ARN never matches), so the tag keys are what confine it.
    principal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['servicediscovery:TagResource'],
        resources: ['*'],
        conditions: {
          'ForAllValues:StringEquals': {
            'aws:TagKeys': Object.values(tags),
          },
        },
      }),
    );
    // GetService because ECS may check the registry it is given as its caller, not only with its
    // service-linked role; on the installations' services only, like deleting.
    principal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['servicediscovery:GetService', 'servicediscovery:DeleteService'],
        resources: [services],
        conditions: { Null: { [`aws:ResourceTag/${tags.installation}`]: 'false' } },
      }),
    );
    principal.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['servicediscovery:ListServices'], resources: ['*'] }),
    );
    Validations.of(grantee.role ?? grantee).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:servicediscovery:<AWS::Region>:<AWS::AccountId>:service/*]',
      reason:
        'Cloud Map assigns service ids (srv-…) at creation, so no name can scope them: creating is confined to the plugin namespace, reading and deleting to services with an installation tag.',
    });
    Validations.of(grantee.role ?? grantee).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Cloud Map ListServices and TagResource have no resource-level permissions: listing reads the names of every service (the runtime filters to the plugin namespace), tagging may set only the platform’s tag keys, on any service of the account.',
    });
  }

  /** Lets the control plane run plugin tasks with the execution role and per-installation roles. */
  grantRunTasks(grantee: IGrantable): Grant {
    const stack = Stack.of(this);
    return Grant.addToPrincipal({
      grantee,
      actions: ['iam:PassRole'],
      resourceArns: [
        this.executionRole.roleArn,
        stack.formatArn({
          service: 'iam',
          region: '',
          resource: 'role',
          resourceName: `${taskRolePath.slice(1)}*`,
        }),
      ],
    });
  }
}
