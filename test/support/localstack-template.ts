/**
 * Shapes the synthesized platform template into what LocalStack's CloudFormation can create, so the
 * deploy rehearsal deploys the real template rather than a hand-built copy of part of it. The shape
 * is decided by resource type only (never by logical id), so it keeps working as the stack grows.
 */

/** One resource as CloudFormation reads it. */
export interface CfnResource {
  readonly Type: string;
  readonly Properties?: unknown;
  readonly DependsOn?: string | readonly string[];
  readonly [attribute: string]: unknown;
}

/** A template as `cdk synth` writes it (the sections this module reads or rewrites). */
export interface CfnTemplate {
  readonly Resources: Readonly<Record<string, CfnResource>>;
  readonly Parameters?: Readonly<Record<string, unknown>>;
  readonly Conditions?: Readonly<Record<string, unknown>>;
  readonly Rules?: Readonly<Record<string, unknown>>;
  readonly Outputs?: Readonly<Record<string, unknown>>;
  readonly [section: string]: unknown;
}

/**
 * Resource types the emulator cannot create, each with the reason: an exact type
 * (`AWS::Events::Archive`) or every type of a service (`AWS::EventSchemas::*`, `Custom::*`).
 */
export type UnsupportedTypes = Readonly<Record<string, string>>;

/** A resource the rehearsal does not deploy, and why. */
export interface LeftOut {
  readonly logicalId: string;
  readonly type: string;
  readonly reason: string;
}

export interface DeployableTemplate {
  readonly template: CfnTemplate;
  /** Every resource not deployed: by its type, or because it refers to one that is not. */
  readonly leftOut: readonly LeftOut[];
  /** Outputs, rules and parameters removed with them. */
  readonly sectionsLeftOut: readonly string[];
}

/** The reason a type is unsupported, when it is. */
function reasonFor(type: string, unsupported: UnsupportedTypes): string | undefined {
  return (
    unsupported[type] ??
    Object.entries(unsupported).find(
      ([pattern]) => pattern.endsWith('::*') && type.startsWith(pattern.slice(0, -1)),
    )?.[1]
  );
}

/**
 * Logical ids `value` refers to: `Ref`, `Fn::GetAtt` (list or `Id.Attribute` form) and the
 * `${Id}` / `${Id.Attribute}` variables of `Fn::Sub` (not `${!Literal}`). Pseudo parameters
 * (`AWS::Region`) are returned too; callers look ids up, so they match nothing.
 */
export function referencesIn(value: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) referencesIn(item, found);
  } else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'Ref' && typeof inner === 'string') found.add(inner);
      else if (key === 'Fn::GetAtt')
        found.add(Array.isArray(inner) ? String(inner[0]) : String(inner).replace(/\..*/, ''));
      else if (key === 'Fn::Sub') {
        const text = Array.isArray(inner) ? inner[0] : inner;
        for (const [, id] of String(text).matchAll(/\$\{([^!}][^}.]*)(?:\.[^}]*)?\}/g)) found.add(id!);
        // The variable map of the list form may itself hold Refs and GetAtts.
        if (Array.isArray(inner)) referencesIn(inner[1], found);
      } else referencesIn(inner, found);
    }
  }
  return found;
}

const dependsOnList = (resource: CfnResource): readonly string[] =>
  resource.DependsOn === undefined
    ? []
    : typeof resource.DependsOn === 'string'
      ? [resource.DependsOn]
      : resource.DependsOn;

/**
 * The part of `template` the emulator can create:
 * - resources of an unsupported type are removed;
 * - so is, transitively, every resource whose properties refer to a removed one,
 *   since CloudFormation would reject an unresolvable `Ref`/`GetAtt`; it is listed as
 *   "depends on <id> (<type>)";
 * - `DependsOn` entries naming removed resources are dropped: they order creation, no value flows;
 * - outputs referring to removed resources are removed;
 * - rules are removed: the only rule CDK writes checks the CDK bootstrap stack's version, and the
 *   rehearsal deploys without a bootstrap stack (it uploads no assets);
 * - then every parameter nothing refers to any more (the bootstrap version) is removed.
 */
export function deployableTemplate(template: CfnTemplate, unsupported: UnsupportedTypes): DeployableTemplate {
  const reasons = new Map<string, string>();
  for (const [id, resource] of Object.entries(template.Resources)) {
    const reason = reasonFor(resource.Type, unsupported);
    if (reason) reasons.set(id, reason);
  }
  for (let changed = true; changed; ) {
    changed = false;
    for (const [id, resource] of Object.entries(template.Resources)) {
      if (reasons.has(id)) continue;
      const removed = [...referencesIn(resource.Properties)].find((ref) => reasons.has(ref));
      if (removed) {
        reasons.set(id, `depends on ${removed} (${template.Resources[removed]!.Type})`);
        changed = true;
      }
    }
  }

  const resources: Record<string, CfnResource> = {};
  for (const [id, resource] of Object.entries(template.Resources)) {
    if (reasons.has(id)) continue;
    const dependsOn = dependsOnList(resource).filter((dependency) => !reasons.has(dependency));
    if (dependsOn.length === dependsOnList(resource).length) {
      resources[id] = resource;
      continue;
    }
    const { DependsOn: _ordering, ...rest } = resource;
    resources[id] = dependsOn.length ? { ...rest, DependsOn: dependsOn } : rest;
  }
  const sectionsLeftOut: string[] = Object.keys(template.Rules ?? {}).map((id) => `Rules.${id}`);
  const outputs = Object.fromEntries(
    Object.entries(template.Outputs ?? {}).filter(([id, output]) => {
      const keep = ![...referencesIn(output)].some((ref) => reasons.has(ref));
      if (!keep) sectionsLeftOut.push(`Outputs.${id}`);
      return keep;
    }),
  );
  const { Rules: _rules, Outputs: _outputs, Parameters: _parameters, ...sections } = template;
  const stillReferenced = referencesIn([resources, outputs, template.Conditions]);
  const parameters = Object.fromEntries(
    Object.entries(template.Parameters ?? {}).filter(([id]) => {
      const keep = stillReferenced.has(id);
      if (!keep) sectionsLeftOut.push(`Parameters.${id}`);
      return keep;
    }),
  );
  return {
    template: {
      ...sections,
      Resources: resources,
      ...(Object.keys(parameters).length ? { Parameters: parameters } : {}),
      ...(Object.keys(outputs).length ? { Outputs: outputs } : {}),
    },
    leftOut: [...reasons].map(([logicalId, reason]) => ({
      logicalId,
      type: template.Resources[logicalId]!.Type,
      reason,
    })),
    sectionsLeftOut,
  };
}

/** Name properties CloudFormation passes on as physical names that must be unique per account and region. */
const ACCOUNT_WIDE_NAMES: Readonly<Record<string, string>> = {
  'AWS::KMS::Alias': 'AliasName',
  'AWS::Events::EventBus': 'Name',
  'AWS::Logs::LogGroup': 'LogGroupName',
  'AWS::SQS::Queue': 'QueueName',
  'AWS::S3::Bucket': 'BucketName',
  'AWS::SecretsManager::Secret': 'Name',
  'AWS::IAM::Role': 'RoleName',
  'AWS::IAM::ManagedPolicy': 'ManagedPolicyName',
};

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `value` with every string rewritten by `rewrite`. */
function mapStrings(value: unknown, rewrite: (text: string) => string): unknown {
  if (typeof value === 'string') return rewrite(value);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, rewrite));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, mapStrings(inner, rewrite)]));
  return value;
}

/**
 * `template` with each fixed account-wide name (the platform names its bus and key aliases) made
 * unique by `suffix`, wherever the name appears (an ARN in a key policy names the bus too), so
 * runs on a shared emulator neither collide nor trip over what an interrupted run left behind.
 * Names CloudFormation generates already differ per stack.
 */
export function withUniqueNames(template: CfnTemplate, suffix: string): CfnTemplate {
  const names = Object.values(template.Resources).flatMap((resource) => {
    const property = ACCOUNT_WIDE_NAMES[resource.Type];
    const name = property && (resource.Properties as Record<string, unknown> | undefined)?.[property];
    return typeof name === 'string' ? [name] : [];
  });
  if (!names.length) return template;
  // Longest first, and only whole names: `vivified-canonical` is not the start of `vivified-canonical-schemas`.
  const pattern = new RegExp(
    `(?<![\\w-])(${names
      .sort((a, b) => b.length - a.length)
      .map(escaped)
      .join('|')})(?![\\w-])`,
    'g',
  );
  const unique = (name: string) => name.replace(/(\.fifo)?$/, `-${suffix}$1`);
  return mapStrings(template, (text) => text.replace(pattern, unique)) as CfnTemplate;
}
