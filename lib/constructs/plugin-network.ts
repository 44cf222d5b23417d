import { Stack, Validations } from 'aws-cdk-lib';
import {
  FlowLogDestination,
  type GatewayVpcEndpoint,
  GatewayVpcEndpointAwsService,
  type InterfaceVpcEndpoint,
  InterfaceVpcEndpointAwsService,
  type IPeer,
  IpAddresses,
  Peer,
  Port,
  SecurityGroup,
  SubnetType,
  Vpc,
} from 'aws-cdk-lib/aws-ec2';
import { AnyPrincipal, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import {
  CfnFirewallDomainList,
  CfnFirewallRuleGroup,
  CfnFirewallRuleGroupAssociation,
} from 'aws-cdk-lib/aws-route53resolver';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { secureLogGroupProps } from '../defaults/logs';

/**
 * The AWS APIs reachable from the plugin VPC, each through an interface endpoint with private DNS,
 * by the IAM service prefix its endpoint policy allows. Anything else has no route: the subnets
 * are isolated, and the DNS firewall answers NXDOMAIN for names outside AWS's regional domain.
 * IAM is not here: its endpoint exists only in us-east-1, so the function that manages task roles
 * runs outside the VPC (docs/deploy.md, "Network and permissions").
 */
export const INTERFACE_ENDPOINTS = {
  EcrApi: { service: InterfaceVpcEndpointAwsService.ECR, prefix: 'ecr' },
  EcrDocker: { service: InterfaceVpcEndpointAwsService.ECR_DOCKER, prefix: 'ecr' },
  Logs: { service: InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS, prefix: 'logs' },
  Sqs: { service: InterfaceVpcEndpointAwsService.SQS, prefix: 'sqs' },
  SecretsManager: { service: InterfaceVpcEndpointAwsService.SECRETS_MANAGER, prefix: 'secretsmanager' },
  Kms: { service: InterfaceVpcEndpointAwsService.KMS, prefix: 'kms' },
  Ecs: { service: InterfaceVpcEndpointAwsService.ECS, prefix: 'ecs' },
  Events: { service: InterfaceVpcEndpointAwsService.EVENTBRIDGE, prefix: 'events' },
  Sts: { service: InterfaceVpcEndpointAwsService.STS, prefix: 'sts' },
  // The control plane makes and deletes each installation's Cloud Map service.
  CloudMap: {
    service: InterfaceVpcEndpointAwsService.CLOUD_MAP_SERVICE_DISCOVERY,
    prefix: 'servicediscovery',
  },
  // Every function traces with X-Ray; without an endpoint the daemon's segments are dropped.
  XRay: { service: InterfaceVpcEndpointAwsService.XRAY, prefix: 'xray' },
  // The lifecycle functions invoke the task-role function, which runs where IAM is reachable.
  Lambda: { service: InterfaceVpcEndpointAwsService.LAMBDA, prefix: 'lambda' },
  // The installation reads ask CloudWatch for an installation's lane metrics (GetMetricData).
  Monitoring: { service: InterfaceVpcEndpointAwsService.CLOUDWATCH_MONITORING, prefix: 'cloudwatch' },
  // The rollouts function starts the rollout runner's executions (StartExecution).
  StepFunctions: { service: InterfaceVpcEndpointAwsService.STEP_FUNCTIONS, prefix: 'states' },
} as const;

export interface PluginNetworkProps {
  /** Key for the flow log group. */
  readonly encryptionKey: IKey;
  /** @default '10.40.0.0/16' */
  readonly cidr?: string;
  /** @default 2 */
  readonly maxAzs?: number;
  /** The private DNS namespace plugins are registered in: the one name space besides AWS's they may resolve. */
  readonly namespaceName: string;
}

/**
 * The plugin VPC: isolated subnets only (no NAT gateway, no internet route), interface endpoints
 * whose policies admit only this account's principals acting on this account's resources, S3 and
 * DynamoDB gateway endpoints likewise confined, a Route 53 Resolver DNS firewall that resolves
 * AWS's regional names and the plugin namespace and nothing else, and the one security group the
 * endpoints accept HTTPS on. Security groups given to {@link allowAwsApis} may reach those
 * endpoints and the two gateway prefix lists only, never `0.0.0.0/0`.
 */
export class PluginNetwork extends Construct {
  readonly vpc: Vpc;
  /** The interface endpoints' security group: HTTPS from the VPC's own CIDR. */
  readonly endpointsSecurityGroup: SecurityGroup;
  readonly interfaceEndpoints: Readonly<Record<keyof typeof INTERFACE_ENDPOINTS, InterfaceVpcEndpoint>>;
  /** The endpoint the private plugin API admits requests through (its resource policy names it). */
  readonly executeApiEndpoint: InterfaceVpcEndpoint;
  readonly s3Endpoint: GatewayVpcEndpoint;
  readonly dynamoDbEndpoint: GatewayVpcEndpoint;
  /** The AWS-managed prefix lists of the gateway endpoints' services, as security-group peers. */
  readonly s3Addresses: IPeer;
  readonly dynamoDbAddresses: IPeer;

  constructor(scope: Construct, id: string, props: PluginNetworkProps) {
    super(scope, id);
    const stack = Stack.of(this);
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

    // Gateway endpoints cost nothing. Their policies keep a credential from the VPC off other
    // accounts' buckets and tables; image layers are the one foreign bucket (ECR's, per region).
    this.s3Endpoint = this.vpc.addGatewayEndpoint('S3', {
      service: GatewayVpcEndpointAwsService.S3,
      subnets: [subnets],
    });
    this.s3Endpoint.addToPolicy(thisAccountOnly(stack, 's3'));
    this.s3Endpoint.addToPolicy(
      new PolicyStatement({
        sid: 'EcrImageLayers',
        principals: [new AnyPrincipal()],
        actions: ['s3:GetObject'],
        resources: [`arn:${stack.partition}:s3:::prod-${stack.region}-starport-layer-bucket/*`],
        conditions: { StringEquals: { 'aws:PrincipalAccount': stack.account } },
      }),
    );
    this.dynamoDbEndpoint = this.vpc.addGatewayEndpoint('DynamoDb', {
      service: GatewayVpcEndpointAwsService.DYNAMODB,
      subnets: [subnets],
    });
    this.dynamoDbEndpoint.addToPolicy(thisAccountOnly(stack, 'dynamodb'));

    this.endpointsSecurityGroup = new SecurityGroup(this, 'Endpoints', {
      vpc: this.vpc,
      description: 'VPC interface endpoints: HTTPS from inside the VPC only',
      allowAllOutbound: false,
    });
    this.endpointsSecurityGroup.addIngressRule(
      Peer.ipv4(this.vpc.vpcCidrBlock),
      Port.tcp(443),
      'HTTPS from the VPC',
    );
    // The checks cannot resolve the VPC's CIDR at synth time and so cannot see it is private.
    for (const rule of [
      'AwsSolutions-EC23',
      'HIPAA.Security-EC2RestrictedCommonPorts',
      'HIPAA.Security-EC2RestrictedSSH',
    ]) {
      Validations.of(this.endpointsSecurityGroup).acknowledge({
        id: rule,
        reason: 'Ingress is the VPC’s own private CIDR on 443 only.',
      });
    }
    const endpoints = {} as Record<keyof typeof INTERFACE_ENDPOINTS, InterfaceVpcEndpoint>;
    for (const [name, { service, prefix }] of Object.entries(INTERFACE_ENDPOINTS) as [
      keyof typeof INTERFACE_ENDPOINTS,
      (typeof INTERFACE_ENDPOINTS)[keyof typeof INTERFACE_ENDPOINTS],
    ][]) {
      endpoints[name] = this.vpc.addInterfaceEndpoint(name, {
        service,
        subnets,
        securityGroups: [this.endpointsSecurityGroup],
        open: false,
      });
      endpoints[name].addToPolicy(thisAccountOnly(stack, prefix));
    }
    this.interfaceEndpoints = endpoints;
    // Plugins call the private plugin API without AWS credentials (their credential is a bearer
    // token), so this endpoint's policy names no principal account: it admits this account's APIs only.
    this.executeApiEndpoint = this.vpc.addInterfaceEndpoint('ExecuteApi', {
      service: InterfaceVpcEndpointAwsService.APIGATEWAY,
      subnets,
      securityGroups: [this.endpointsSecurityGroup],
      open: false,
    });
    this.executeApiEndpoint.addToPolicy(
      new PolicyStatement({
        sid: 'ThisAccountsApisOnly',
        principals: [new AnyPrincipal()],
        actions: ['execute-api:Invoke'],
        resources: [stack.formatArn({ service: 'execute-api', resource: '*' })],
      }),
    );

    this.s3Addresses = Peer.prefixList(this.prefixListOf('S3PrefixList', 's3'));
    this.dynamoDbAddresses = Peer.prefixList(this.prefixListOf('DynamoDbPrefixList', 'dynamodb'));
    this.dnsFirewall(props.namespaceName);
    this.acknowledgeLookupFunction();
  }

  /** The function CDK runs the prefix-list lookups with (one per stack, created by the first). */
  private acknowledgeLookupFunction() {
    const id = `AWS${AwsCustomResource.PROVIDER_FUNCTION_UUID.replace(/-/g, '')}`;
    const lookups = Stack.of(this).node.tryFindChild(id);
    if (!lookups) return;
    const ack = (rule: string, reason: string) => Validations.of(lookups).acknowledge({ id: rule, reason });
    ack(
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'CDK’s deploy-time lookup function writes only its logs with this AWS-maintained policy; it handles no data.',
    );
    ack(
      'HIPAA.Security-LambdaInsideVPC',
      'Runs only while CloudFormation deploys, to read the S3 and DynamoDB prefix-list ids; it handles no data.',
    );
    ack(
      'HIPAA.Security-LambdaDLQ',
      'Invoked synchronously by CloudFormation, which fails the deployment on an error: nothing to keep.',
    );
    ack(
      'HIPAA.Security-LambdaConcurrency',
      'Runs a few times per deployment, one CloudFormation request at a time; it serves no traffic.',
    );
  }

  /**
   * Lets a security group reach the AWS APIs: the interface endpoints on 443, and S3 and DynamoDB
   * through their gateway endpoints, whose addresses are the services' regional prefix lists.
   */
  allowAwsApis(group: SecurityGroup, gateways: { s3?: boolean; dynamoDb?: boolean } = {}): void {
    group.addEgressRule(
      this.endpointsSecurityGroup,
      Port.tcp(443),
      'AWS APIs through the interface endpoints',
    );
    if (gateways.s3) group.addEgressRule(this.s3Addresses, Port.tcp(443), 'S3 through its gateway endpoint');
    if (gateways.dynamoDb) {
      group.addEgressRule(this.dynamoDbAddresses, Port.tcp(443), 'DynamoDB through its gateway endpoint');
    }
  }

  /**
   * The id of an AWS-managed prefix list (`com.amazonaws.<region>.<service>`), read at deploy
   * time: the ids differ by region and account partition and CloudFormation exposes none of them.
   */
  private prefixListOf(id: string, service: string): string {
    const name = `com.amazonaws.${Stack.of(this).region}.${service}`;
    const lookup = new AwsCustomResource(this, id, {
      onUpdate: {
        service: 'EC2',
        action: 'describePrefixLists',
        parameters: { Filters: [{ Name: 'prefix-list-name', Values: [name] }] },
        physicalResourceId: PhysicalResourceId.of(name),
        outputPaths: ['PrefixLists.0.PrefixListId'],
      },
      policy: AwsCustomResourcePolicy.fromSdkCalls({ resources: AwsCustomResourcePolicy.ANY_RESOURCE }),
      installLatestAwsSdk: false,
    });
    Validations.of(lookup).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'ec2:DescribePrefixLists, the only action this lookup may take, has no resource-level permissions.',
    });
    return lookup.getResponseField('PrefixLists.0.PrefixListId');
  }

  /**
   * DNS is a channel out of an isolated subnet (a query for `<data>.attacker.example` reaches the
   * attacker's name server through the VPC resolver). The firewall answers only AWS's regional
   * names, whose name servers are AWS's, and the plugin namespace; everything else is NXDOMAIN.
   */
  private dnsFirewall(namespaceName: string): void {
    const stack = Stack.of(this);
    const allowed = new CfnFirewallDomainList(this, 'ResolvableDomains', {
      domains: [`*.${stack.region}.amazonaws.com`, `*.${namespaceName}`],
    });
    const everything = new CfnFirewallDomainList(this, 'AllDomains', { domains: ['*'] });
    const rules = new CfnFirewallRuleGroup(this, 'DnsFirewall', {
      firewallRules: [
        { firewallDomainListId: allowed.attrId, priority: 100, action: 'ALLOW' },
        {
          firewallDomainListId: everything.attrId,
          priority: 200,
          action: 'BLOCK',
          blockResponse: 'NXDOMAIN',
        },
      ],
    });
    new CfnFirewallRuleGroupAssociation(this, 'DnsFirewallAssociation', {
      firewallRuleGroupId: rules.attrId,
      vpcId: this.vpc.vpcId,
      // 101–9899 is the range left to customer rule groups.
      priority: 101,
      mutationProtection: 'ENABLED',
    });
  }
}

/**
 * An endpoint policy admitting `service` calls by this account's principals on this account's
 * resources (`IfExists`: calls such as ecr:GetAuthorizationToken name no resource).
 */
function thisAccountOnly(stack: Stack, service: string): PolicyStatement {
  return new PolicyStatement({
    sid: 'ThisAccountOnly',
    principals: [new AnyPrincipal()],
    actions: [`${service}:*`],
    resources: ['*'],
    conditions: {
      StringEquals: { 'aws:PrincipalAccount': stack.account },
      StringEqualsIfExists: { 'aws:ResourceAccount': stack.account },
    },
  });
}
