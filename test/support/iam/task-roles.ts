import type { DeployedModel } from './deployed';
import type { RecordedCall } from './recorder';
import { placedArn, type Where } from './requests';
import { type Placement, resolveValue } from './resolve';
import type { PolicyDocument, RolePolicies } from './roles';

/** Every emulator-account ARN inside a policy document moved to the placement's account and region. */
const placedDocument = (document: string, where: Where): PolicyDocument =>
  JSON.parse(document.replace(/arn:aws:[a-z0-9-]+:[a-z0-9-]*:\d{12}:[^"]*/g, (arn) => placedArn(arn, where)));

/**
 * An installation's task role is not in the template: the task-role function creates it at
 * enable time (adapters/aws/task-roles.ts). It is read from the IAM calls that made it, as the
 * harness recorded them (the CreateRole's path and boundary, the PutRolePolicy's document, inputs
 * already renamed to the template's parts), and held to the boundary the template defines.
 * `undefined` when no recorded call made it.
 */
export function taskRoleFrom(
  calls: readonly RecordedCall[],
  installationId: string,
  model: DeployedModel,
  placement: Placement,
): RolePolicies | undefined {
  const iam = (command: string) =>
    calls.filter((c) => c.service === 'IAM' && c.command === command && c.input.RoleName === installationId);
  const created = iam('CreateRole').at(-1);
  if (!created) return undefined;
  const boundaryArn = created.input.PermissionsBoundary
    ? placedArn(String(created.input.PermissionsBoundary), placement)
    : undefined;
  const boundary = Object.entries(model.resources).find(
    ([id, r]) =>
      r.Type === 'AWS::IAM::ManagedPolicy' && resolveValue({ Ref: id }, model, placement) === boundaryArn,
  )?.[1];
  return {
    roleArn: `arn:aws:iam::${placement.account}:role${created.input.Path ?? '/'}${installationId}`,
    roleName: installationId,
    identity: iam('PutRolePolicy').map((c) => ({
      name: String(c.input.PolicyName),
      policy: placedDocument(String(c.input.PolicyDocument), placement),
    })),
    // A boundary the template does not have allows nothing: say so rather than evaluate without it.
    boundary: boundary
      ? resolveValue(boundary.Properties!.PolicyDocument, model, placement)
      : boundaryArn
        ? { Version: '2012-10-17', Statement: [] }
        : undefined,
    unknownManaged: [],
  };
}
