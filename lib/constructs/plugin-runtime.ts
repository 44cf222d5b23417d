import { Stack, Validations } from 'aws-cdk-lib';
import {
  FlowLogDestination,
  GatewayVpcEndpointAwsService,
  InterfaceVpcEndpointAwsService,
  IpAddresses,
  Peer,
  Port,
  SecurityGroup,
  SubnetType,
  Vpc,
} from 'aws-cdk-lib/aws-ec2';
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
import { secureLogGroupProps } from '../defaults/logs';

/** IAM path of every per-installation task role; the control plane may pass only roles under it. */
export const PLUGIN_ROLE_PATH = '/vivified/plugins/';

/** The tags the runtime puts on what it makes for an installation (adapters/aws/ecs-runtime.ts). */
const INSTALLATION_TAGS = ['vivified:tenant', 'vivified:plugin', 'vivified:installation'] as const;

export interface PluginRuntimeProps {
  /** Key for the plugin and flow log groups. */
  readonly encryptionKey: IKey;
  /** @default '10.40.0.0/16' */
  readonly cidr?: string;
  /** @default 2 */
  readonly maxAzs?: number;
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
    const flowLogs = new LogGroup(this, 'FlowLogs', secureLogGroupProps(props.encryptionKey));
    this.vpc = new Vpc(this, 'Vpc', {
      ipAddresses: IpAddresses.cidr(props.cidr ?? '10.40.0.0/16'),
      maxAzs: props.maxAzs ?? 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'plugins', subnetType: SubnetType.PRIVATE_ISOLATED, cidrMask: 22 }],
      restrictDefaultSecurityGroup: true,
      flowLogs: { all: { destination: FlowLogDestination.toCloudWatchLogs(flowLogs) } },
    });
    const subnets = { subnetType: SubnetType.PRIVATE_ISOLATED };
    // Gateway endpoints cost nothing; interface endpoints are what an isolated subnet needs instead
    // of a NAT gateway, each reachable only over TLS from inside the VPC.
    this.vpc.addGatewayEndpoint('S3', { service: GatewayVpcEndpointAwsService.S3, subnets: [subnets] });
    this.vpc.addGatewayEndpoint('DynamoDb', {
      service: GatewayVpcEndpointAwsService.DYNAMODB,
      subnets: [subnets],
    });
    const endpoints = new SecurityGroup(this, 'Endpoints', {
      vpc: this.vpc,
      description: 'VPC interface endpoints: HTTPS from inside the VPC only',
      allowAllOutbound: false,
    });
    endpoints.addIngressRule(Peer.ipv4(this.vpc.vpcCidrBlock), Port.tcp(443), 'HTTPS from the VPC');
    // The checks cannot resolve the VPC's CIDR at synth time and so cannot see it is private.
    for (const id of [
      'AwsSolutions-EC23',
      'HIPAA.Security-EC2RestrictedCommonPorts',
      'HIPAA.Security-EC2RestrictedSSH',
    ]) {
      Validations.of(endpoints).acknowledge({
        id,
        reason: 'Ingress is the VPC’s own private CIDR on 443 only.',
      });
    }
    for (const [name, service] of Object.entries({
      EcrApi: InterfaceVpcEndpointAwsService.ECR,
      EcrDocker: InterfaceVpcEndpointAwsService.ECR_DOCKER,
      Logs: InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
      Sqs: InterfaceVpcEndpointAwsService.SQS,
      SecretsManager: InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
      Kms: InterfaceVpcEndpointAwsService.KMS,
      ExecuteApi: InterfaceVpcEndpointAwsService.APIGATEWAY,
      Ecs: InterfaceVpcEndpointAwsService.ECS,
      Events: InterfaceVpcEndpointAwsService.EVENTBRIDGE,
      Sts: InterfaceVpcEndpointAwsService.STS,
      // The control plane makes and deletes each installation's Cloud Map service.
      CloudMap: InterfaceVpcEndpointAwsService.CLOUD_MAP_SERVICE_DISCOVERY,
    })) {
      this.vpc.addInterfaceEndpoint(name, { service, subnets, securityGroups: [endpoints], open: false });
    }

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
    this.pluginSecurityGroup.addEgressRule(endpoints, Port.tcp(443), 'VPC interface endpoints');
    // Image layers come from S3 through the gateway endpoint, whose addresses are a regional
    // prefix list; the isolated subnets have no other route out, so HTTPS to any address reaches
    // only AWS endpoints.
    this.pluginSecurityGroup.addEgressRule(
      Peer.anyIpv4(),
      Port.tcp(443),
      'S3 gateway endpoint (no internet route)',
    );
    this.operatorLaneSecurityGroup.addEgressRule(this.pluginSecurityGroup, Port.allTcp(), 'calls to plugins');
    this.operatorLaneSecurityGroup.addEgressRule(endpoints, Port.tcp(443), 'AWS APIs through endpoints');
    this.controlPlaneSecurityGroup = new SecurityGroup(this, 'ControlPlane', {
      vpc: this.vpc,
      description: 'Control plane functions: AWS APIs through the VPC endpoints only',
      allowAllOutbound: false,
    });
    this.controlPlaneSecurityGroup.addEgressRule(endpoints, Port.tcp(443), 'AWS APIs through endpoints');
    this.controlPlaneSecurityGroup.addEgressRule(
      Peer.anyIpv4(),
      Port.tcp(443),
      'S3 and DynamoDB gateway endpoints',
    );

    this.cluster = new Cluster(this, 'Cluster', {
      vpc: this.vpc,
      containerInsightsV2: ContainerInsights.ENHANCED,
    });
    this.namespace = new PrivateDnsNamespace(this, 'Namespace', {
      name: props.namespaceName ?? 'plugins.vivified.internal',
      vpc: this.vpc,
      description: 'Plugin tasks, addressed by installation',
    });
    this.logGroup = new LogGroup(this, 'PluginLogs', secureLogGroupProps(props.encryptionKey));

    // Least privilege instead of the AWS managed execution policy: pull images, write this log group.
    this.executionRole = new Role(this, 'ExecutionRole', {
      assumedBy: new ServicePrincipal('ecs-tasks.amazonaws.com'),
      description: 'Pulls plugin images and writes their logs',
    });
    this.executionRole.addToPolicy(
      new PolicyStatement({ actions: ['ecr:GetAuthorizationToken'], resources: ['*'] }),
    );
    this.executionRole.addToPolicy(
      new PolicyStatement({
        actions: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'],
        resources: [Stack.of(this).formatArn({ service: 'ecr', resource: 'repository', resourceName: '*' })],
      }),
    );
    this.logGroup.grantWrite(this.executionRole);
    Validations.of(this.executionRole).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'ecr:GetAuthorizationToken has no resource-level permissions.',
    });
    Validations.of(this.executionRole).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ecr:<AWS::Region>:<AWS::AccountId>:repository/*]',
      reason: 'Plugin images come from the repositories their manifests name, registered at runtime.',
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
          resources: [stack.formatArn({ service: 'sqs', resource: 'vivified-*' })],
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
      id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:sqs:<AWS::Region>:<AWS::AccountId>:vivified-*]',
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
      resourceName: `${PLUGIN_ROLE_PATH.slice(1)}*`,
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
  grantManageServiceRegistrations(grantee: IGrantable & IConstruct): void {
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
    principal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['servicediscovery:TagResource'],
        resources: [services],
        conditions: {
          'ForAllValues:StringEquals': {
            'aws:TagKeys': [...INSTALLATION_TAGS],
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
        conditions: { Null: { 'aws:ResourceTag/vivified:installation': 'false' } },
      }),
    );
    principal.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['servicediscovery:ListServices'], resources: ['*'] }),
    );
    Validations.of(grantee).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:servicediscovery:<AWS::Region>:<AWS::AccountId>:service/*]',
      reason:
        'Cloud Map assigns service ids (srv-…) at creation, so no name can scope them: creating is confined to the plugin namespace, reading and deleting to services with an installation tag.',
    });
    Validations.of(grantee).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Cloud Map ListServices has no resource-level permissions; the runtime filters it to the plugin namespace to find an installation’s service by name.',
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
          resourceName: `${PLUGIN_ROLE_PATH.slice(1)}*`,
        }),
      ],
    });
  }
}
