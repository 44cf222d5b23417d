import type { DeployedModel } from './deployed';
import { type Placement, resolveValue } from './resolve';

/** A policy document as IAM reads it, CloudFormation's intrinsics resolved. */
export type PolicyDocument = { Version?: string; Statement: unknown[] };

/** What IAM evaluates for a role's sessions: its identity policies and its permissions boundary. */
export interface RolePolicies {
  readonly roleArn: string;
  readonly roleName: string;
  readonly identity: readonly { readonly name: string; readonly policy: PolicyDocument }[];
  readonly boundary?: PolicyDocument;
  /** AWS managed policies attached, whose documents the template does not hold. */
  readonly unknownManaged: readonly string[];
}

const refersTo = (value: unknown, logicalId: string) =>
  JSON.stringify(value ?? null).includes(`{"Ref":"${logicalId}"}`);

/**
 * A role of the template with every policy that applies to it: `AWS::IAM::Policy` resources
 * naming it, its inline policies, the customer managed policies it attaches, its boundary.
 */
export function rolePolicies(model: DeployedModel, roleId: string, placement: Placement): RolePolicies {
  const resolve = (v: unknown) => resolveValue(v, model, placement);
  const role = model.resources[roleId];
  if (role?.Type !== 'AWS::IAM::Role') throw new Error(`${roleId} is not a role of the template`);
  const props = role.Properties ?? {};
  const managedById = new Map(
    Object.entries(model.resources)
      .filter(([, r]) => r.Type === 'AWS::IAM::ManagedPolicy')
      .map(([id, r]) => [resolve({ Ref: id }) as string, { id, document: r.Properties!.PolicyDocument }]),
  );
  const identity = [
    ...Object.entries(model.resources)
      .filter(
        ([, r]) =>
          r.Type === 'AWS::IAM::Policy' &&
          (r.Properties?.Roles ?? []).some((x: unknown) => refersTo(x, roleId)),
      )
      .map(([id, r]) => ({ name: id, policy: resolve(r.Properties!.PolicyDocument) })),
    ...(props.Policies ?? []).map((p: any) => ({ name: p.PolicyName, policy: resolve(p.PolicyDocument) })),
    ...Object.entries(model.resources)
      .filter(
        ([, r]) =>
          r.Type === 'AWS::IAM::ManagedPolicy' &&
          (r.Properties?.Roles ?? []).some((x: unknown) => refersTo(x, roleId)),
      )
      .map(([id, r]) => ({ name: id, policy: resolve(r.Properties!.PolicyDocument) })),
  ];
  const unknownManaged: string[] = [];
  for (const arn of (props.ManagedPolicyArns ?? []).map(resolve) as string[]) {
    const managed = managedById.get(arn);
    if (managed) identity.push({ name: managed.id, policy: resolve(managed.document) });
    else unknownManaged.push(arn);
  }
  const boundaryArn = props.PermissionsBoundary ? (resolve(props.PermissionsBoundary) as string) : undefined;
  const boundary = boundaryArn ? managedById.get(boundaryArn) : undefined;
  return {
    roleArn: resolve({ 'Fn::GetAtt': [roleId, 'Arn'] }),
    roleName: resolve({ Ref: roleId }),
    identity,
    boundary: boundary ? resolve(boundary.document) : undefined,
    unknownManaged,
  };
}

/**
 * The resource policy AWS evaluates beside the caller's for a request on `resource`, when the
 * template has one: a key's key policy, a role's trust policy (assuming it), a bucket's, a
 * secret's or a queue's policy.
 */
export function resourcePolicyOf(
  model: DeployedModel,
  action: string,
  resource: string,
  placement: Placement,
): PolicyDocument | undefined {
  const resolve = (v: unknown) => resolveValue(v, model, placement);
  const arnOf = (id: string) => resolve({ 'Fn::GetAtt': [id, 'Arn'] });
  const service = action.split(':')[0];
  for (const [id, r] of Object.entries(model.resources)) {
    const p = r.Properties ?? {};
    if (service === 'kms' && r.Type === 'AWS::KMS::Key' && arnOf(id) === resource)
      return resolve(p.KeyPolicy);
    if (service === 'sts' && r.Type === 'AWS::IAM::Role' && arnOf(id) === resource)
      return resolve(p.AssumeRolePolicyDocument);
    if (service === 's3' && r.Type === 'AWS::S3::BucketPolicy') {
      const bucket = `arn:aws:s3:::${resolve(p.Bucket)}`;
      if (resource === bucket || resource.startsWith(`${bucket}/`)) return resolve(p.PolicyDocument);
    }
    if (
      service === 'secretsmanager' &&
      r.Type === 'AWS::SecretsManager::ResourcePolicy' &&
      resolve(p.SecretId) === resource
    )
      return resolve(p.ResourcePolicy);
  }
  return undefined;
}
