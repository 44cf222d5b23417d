/*
 * iam-simulate (0.1.173) drops `kms:EncryptionContext:<key>` from a request's context: it accepts
 * a templated condition key only when the template's variable follows a `/`, and KMS's follows a
 * `:`. A statement conditioned on the encryption context would then never match, denying what
 * AWS allows (or, in a Deny, allowing what AWS denies). The harness carries those keys under a
 * name the evaluator keeps, in policies and request alike, so the evaluator still decides them
 * with the same operators and values; it does not evaluate them itself.
 */
const ENCRYPTION_CONTEXT = /^kms:EncryptionContext:(.+)$/i;
const carried = (key: string) => key.replace(ENCRYPTION_CONTEXT, 'aws:PrincipalTag/vivified-kms-context-$1');
export const carriedContext = (context: Record<string, string | string[]>) =>
  Object.fromEntries(Object.entries(context).map(([k, v]) => [carried(k), v]));
export function carriedPolicy<T>(policy: T): T {
  if (!policy || typeof policy !== 'object') return policy;
  const document = policy as { Statement?: Record<string, unknown>[] };
  if (!Array.isArray(document.Statement)) return policy;
  const statement = (s: Record<string, unknown>) => {
    const conditions = s.Condition as Record<string, Record<string, unknown>> | undefined;
    if (!conditions) return s;
    return {
      ...s,
      Condition: Object.fromEntries(
        Object.entries(conditions).map(([operator, keys]) => [
          operator,
          Object.fromEntries(Object.entries(keys).map(([k, v]) => [carried(k), v])),
        ]),
      ),
    };
  };
  return { ...document, Statement: document.Statement.map(statement) } as T;
}
