import type { DeployedModel } from './deployed';

/** Where the harness pretends the stack is deployed, and what stands in for its resources. */
export interface Placement {
  readonly account: string;
  readonly region: string;
  /**
   * Physical names by logical id: a test's own table, bus or key id for the template's. A resource
   * with none is named by its logical id, which no recorded call names.
   */
  readonly names: ReadonlyMap<string, string>;
}

/**
 * A template value with CloudFormation's intrinsics resolved as a deploy at `placement` would:
 * `Ref` and `Fn::GetAtt` by each resource type's naming (ARNs built as AWS builds them),
 * `Fn::Join`, `Fn::Sub`, `Fn::Select`, `Fn::Split` and the pseudo parameters. IAM policy
 * variables (`${aws:PrincipalTag/…}`) are literal strings in the template and stay as they are,
 * for the evaluator to substitute.
 */
export function resolveValue(value: unknown, model: DeployedModel, placement: Placement): any {
  const resolve = (v: unknown): any => resolveValue(v, model, placement);
  if (Array.isArray(value)) return value.map(resolve);
  if (!value || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  const [first] = entries;
  if (entries.length !== 1 || !first || !/^(Ref|Fn::)/.test(first[0])) {
    return Object.fromEntries(entries.map(([k, v]) => [k, resolve(v)]));
  }
  const [fn, args] = first as [string, any];
  switch (fn) {
    case 'Ref':
      return pseudo(args, placement) ?? attribute(args, undefined, model, placement);
    case 'Fn::GetAtt': {
      const [logicalId, name] = Array.isArray(args) ? args : String(args).split('.');
      return attribute(logicalId, name, model, placement);
    }
    case 'Fn::Join':
      return (resolve(args[1]) as unknown[]).join(args[0]);
    case 'Fn::Select':
      return resolve(args[1])[Number(resolve(args[0]))];
    case 'Fn::Split':
      return String(resolve(args[1])).split(args[0]);
    case 'Fn::Sub': {
      const [text, vars] = Array.isArray(args) ? args : [args, {}];
      return String(text).replace(/\$\{([^}!]+)\}/g, (whole, name: string) => {
        if (name in vars) return String(resolve(vars[name]));
        if (name.includes(':') && !name.startsWith('AWS::')) return whole; // an IAM policy variable
        const [logicalId, attr] = name.split('.');
        return String(pseudo(name, placement) ?? attribute(logicalId!, attr, model, placement));
      });
    }
    default:
      throw new Error(`The IAM harness cannot resolve ${fn}`);
  }
}

function pseudo(name: string, placement: Placement): string | undefined {
  return {
    'AWS::Partition': 'aws',
    'AWS::Region': placement.region,
    'AWS::AccountId': placement.account,
    'AWS::URLSuffix': 'amazonaws.com',
    'AWS::StackName': 'Vivified',
    'AWS::NoValue': undefined,
  }[name];
}

/** What `Ref` (no attribute) or `Fn::GetAtt` of a resource resolves to, by its type. */
function attribute(
  logicalId: string,
  name: string | undefined,
  model: DeployedModel,
  placement: Placement,
): string {
  const resource = model.resources[logicalId];
  if (!resource) throw new Error(`${logicalId} is not in the template`);
  const { region: r, account: a } = placement;
  const physical = placement.names.get(logicalId) ?? logicalId;
  const props = resource.Properties ?? {};
  const arnOf: Record<string, () => string> = {
    'AWS::DynamoDB::Table': () => `arn:aws:dynamodb:${r}:${a}:table/${physical}`,
    'AWS::KMS::Key': () => `arn:aws:kms:${r}:${a}:key/${physical}`,
    'AWS::Events::EventBus': () => `arn:aws:events:${r}:${a}:event-bus/${physical}`,
    'AWS::IAM::Role': () => `arn:aws:iam::${a}:role${props.Path ?? '/'}${physical}`,
    'AWS::IAM::ManagedPolicy': () => `arn:aws:iam::${a}:policy/${physical}`,
    'AWS::SecretsManager::Secret': () => `arn:aws:secretsmanager:${r}:${a}:secret:${physical}-AbCdEf`,
    'AWS::SQS::Queue': () => `arn:aws:sqs:${r}:${a}:${physical}`,
    'AWS::Lambda::Function': () => `arn:aws:lambda:${r}:${a}:function:${physical}`,
    'AWS::ECS::Cluster': () => `arn:aws:ecs:${r}:${a}:cluster/${physical}`,
    'AWS::ServiceDiscovery::PrivateDnsNamespace': () =>
      `arn:aws:servicediscovery:${r}:${a}:namespace/${physical}`,
    'AWS::S3::Bucket': () => `arn:aws:s3:::${physical}`,
    'AWS::Logs::LogGroup': () => `arn:aws:logs:${r}:${a}:log-group:${physical}:*`,
    'AWS::Scheduler::Schedule': () => `arn:aws:scheduler:${r}:${a}:schedule/default/${physical}`,
    'AWS::Events::Rule': () => `arn:aws:events:${r}:${a}:rule/${physical}`,
    'AWS::Events::Archive': () => `arn:aws:events:${r}:${a}:archive/${physical}`,
  };
  const arn = arnOf[resource.Type];
  if (name === undefined) {
    // What Ref gives: a name for most, the ARN for these.
    if (['AWS::IAM::ManagedPolicy', 'AWS::SecretsManager::Secret'].includes(resource.Type)) return arn!();
    if (resource.Type === 'AWS::SQS::Queue') return `https://sqs.${r}.amazonaws.com/${a}/${physical}`;
    return physical;
  }
  if (name === 'Arn' && arn) return arn();
  if (resource.Type === 'AWS::DynamoDB::Table' && name === 'StreamArn') return `${arn!()}/stream/latest`;
  if (['Id', 'Name', 'QueueName', 'RoleId', 'KeyId'].includes(name)) return physical;
  return `${physical}.${name}`;
}
