import { expect } from 'vitest';

/** What a deployed stack resolves intrinsics with. */
export interface DeployedStack {
  /** `arn:<partition>:cloudformation:<region>:<account>:stack/<name>/<id>`, as DescribeStacks gives it. */
  readonly stackId: string;
  /** Physical ids by logical id, as DescribeStackResources gives them. */
  readonly physicalIds: ReadonlyMap<string, string>;
}

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A one-key object whose key is `Ref` or `Fn::…`: a value CloudFormation computes. */
const intrinsicOf = (value: unknown): [string, unknown] | undefined => {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const entries = Object.entries(value);
  const [only] = entries;
  return entries.length === 1 && only && /^(Ref|Fn::)/.test(only[0]) ? only : undefined;
};

function pseudoParameters(stack: DeployedStack): Record<string, string> {
  const [, partition = '', , region = '', account = ''] = stack.stackId.split(':');
  return {
    'AWS::Partition': partition,
    'AWS::Region': region,
    'AWS::AccountId': account,
    'AWS::URLSuffix': 'amazonaws.com',
    'AWS::StackId': stack.stackId,
    'AWS::StackName': stack.stackId.split('/')[1] ?? '',
  };
}

/**
 * A regular expression source for what `value` resolves to in `stack`: literals exactly, pseudo
 * parameters and `Ref`s exactly (the physical id), a `GetAtt` of `Arn` as any string naming the
 * resource (an ARN ends in, or holds, the last segment of the physical id: a role's name, a key's
 * id, a queue's name from its URL), and what this cannot resolve (other attributes, `Fn::Select`
 * and the like) as any non-empty string.
 */
function patternOf(value: unknown, stack: DeployedStack): string {
  const intrinsic = intrinsicOf(value);
  if (!intrinsic) return escaped(String(value));
  const [fn, args] = intrinsic;
  const physical = (id: string) => {
    const found = stack.physicalIds.get(id);
    if (found === undefined) throw new Error(`${id} is not in the deployed stack`);
    return found;
  };
  switch (fn) {
    case 'Ref':
      return escaped(pseudoParameters(stack)[args as string] ?? physical(args as string));
    case 'Fn::GetAtt': {
      const [id, attribute] = Array.isArray(args) ? args : String(args).split('.');
      return attribute === 'Arn' ? `.*${escaped(physical(id).split('/').at(-1)!)}.*` : '.+';
    }
    case 'Fn::Join': {
      const [separator, parts] = args as [string, unknown[]];
      return parts.map((part) => patternOf(part, stack)).join(escaped(separator));
    }
    default:
      return '.+';
  }
}

/**
 * `value` from a synthesized template (a policy document, a property) as a vitest expectation of
 * the deployed value: plain parts must be equal, computed strings must match what they resolve to.
 * `expect(deployed).toEqual(asDeployed(synthesized, stack))` checks the emulator holds what the
 * template says, with the real ids of what it refers to.
 */
export function asDeployed(value: unknown, stack: DeployedStack): unknown {
  if (intrinsicOf(value)) return expect.stringMatching(new RegExp(`^${patternOf(value, stack)}$`));
  if (Array.isArray(value)) return value.map((item) => asDeployed(item, stack));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, asDeployed(inner, stack)]));
  return value;
}
