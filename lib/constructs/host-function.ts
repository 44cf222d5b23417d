import { type CfnElement, Duration, Stack, Validations } from 'aws-cdk-lib';
import type { IVpc, SecurityGroup } from 'aws-cdk-lib/aws-ec2';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { environmentOf, type Setting } from '../../adapters/aws/deploy-contract';
import { hostBundling } from '../bundling';
import { secureLogGroupProps } from '../defaults/logs';

export interface HostFunctionProps {
  /** The handler file, relative to the repository root, e.g. `functions/catalog/handler.ts`. */
  readonly entry: string;
  readonly description: string;
  /** Key for the function's log group and environment. */
  readonly encryptionKey: IKey;
  /** What the function is configured with, by the deploy contract's names (the variables follow). */
  readonly settings?: Partial<Record<Setting, string>>;
  /** @default 10 seconds */
  readonly timeout?: Duration;
  /** @default 512 */
  readonly memorySize?: number;
  /**
   * Concurrent executions reserved (and capped): one tenant's burst cannot starve the account.
   * @default 50
   */
  readonly reservedConcurrency?: number;
  /** Run inside this VPC (every function but the proxy lane's). */
  readonly vpc?: IVpc;
  readonly securityGroups?: SecurityGroup[];
  /** Where failed asynchronous invocations go (scheduled and event-driven functions). */
  readonly deadLetterQueue?: IQueue;
}

/** Repository root, where esbuild resolves handler files and node_modules. */
const ROOT = `${__dirname}/../..`;

/**
 * Every Lambda of the platform: Node.js 22 on Graviton, bundled with the locally installed
 * esbuild (no Docker) as ../bundling.ts says, minified with source maps, X-Ray tracing, its own
 * encrypted log group with a set retention, and a reserved concurrency.
 */
export class HostFunction extends NodejsFunction {
  /** The handler file it was bundled from, relative to the repository root (benchmarks measure it). */
  readonly entry: string;

  constructor(scope: Construct, id: string, props: HostFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, secureLogGroupProps(props.encryptionKey));
    // A role of its own instead of CDK's default, whose AWS managed policies let a function write
    // to any log group of the account (and, in a VPC, manage network interfaces anywhere).
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: props.description,
    });
    logGroup.grant(role, 'logs:CreateLogStream', 'logs:PutLogEvents');
    if (props.vpc) {
      // What Lambda does with the function's role to attach it to the VPC (these EC2 actions take
      // no resource that names the function's own interfaces before they exist).
      role.addToPrincipalPolicy(
        new PolicyStatement({
          actions: [
            'ec2:CreateNetworkInterface',
            'ec2:DescribeNetworkInterfaces',
            'ec2:DescribeSubnets',
            'ec2:DeleteNetworkInterface',
            'ec2:AssignPrivateIpAddresses',
            'ec2:UnassignPrivateIpAddresses',
          ],
          resources: ['*'],
        }),
      );
    }
    super(scope, id, {
      role,
      entry: `${ROOT}/${props.entry}`,
      projectRoot: ROOT,
      depsLockFilePath: `${ROOT}/package-lock.json`,
      handler: 'handler',
      description: props.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing: Tracing.ACTIVE,
      logGroup,
      reservedConcurrentExecutions: props.reservedConcurrency ?? 50,
      environmentEncryption: props.encryptionKey,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'vivified',
        ...environmentOf(props.settings ?? {}),
      },
      vpc: props.vpc,
      vpcSubnets: props.vpc ? { subnets: props.vpc.isolatedSubnets } : undefined,
      securityGroups: props.securityGroups,
      deadLetterQueue: props.deadLetterQueue,
      bundling: hostBundling,
    });
    this.entry = props.entry;
    // What every platform function is by design, acknowledged once here rather than by each owner.
    const here = Validations.of(this);
    here.acknowledge({
      id: 'AwsSolutions-L1',
      reason: 'Node.js 22 is the runtime the platform is built and tested on (middy 6); move deliberately.',
    });
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray trace writes and, for functions in the VPC, Lambda’s network-interface actions, which have no resource-level permissions for interfaces not yet created.',
    });
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(scope).getLogicalId(logGroup.node.defaultChild as CfnElement)}.Arn>:*]`,
      reason: 'Log streams of the function’s own log group, and no other group.',
    });
  }

  /** Settings known only once the function exists (a resource that names its role, for one). */
  addSettings(settings: Partial<Record<Setting, string>>): this {
    for (const [name, value] of Object.entries(environmentOf(settings))) this.addEnvironment(name, value);
    return this;
  }
}
