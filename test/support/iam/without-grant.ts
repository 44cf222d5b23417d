import type { DeployedModel } from './deployed';

/**
 * `model` with `action` taken out of every policy statement of `role` (a logical id): what the
 * template would be had one grant been forgotten. The harness must then deny the calls it served.
 */
export function withoutGrant(model: DeployedModel, role: string, action: string): DeployedModel {
  const drop = (statement: { Action?: string | string[] }) => {
    const actions = [statement.Action ?? []].flat().filter((a) => a !== action);
    return { ...statement, Action: actions.length === 1 ? actions[0] : actions };
  };
  const resources = Object.fromEntries(
    Object.entries(model.resources).map(([id, r]) => {
      const roles = JSON.stringify(r.Properties?.Roles ?? []);
      if (r.Type !== 'AWS::IAM::Policy' || !roles.includes(`"${role}"`)) return [id, r];
      const document = r.Properties!.PolicyDocument;
      const statements = document.Statement.map(drop).filter(
        (s: { Action: unknown }) => [s.Action].flat().length,
      );
      return [
        id,
        { ...r, Properties: { ...r.Properties, PolicyDocument: { ...document, Statement: statements } } },
      ];
    }),
  );
  return { ...model, resources };
}
