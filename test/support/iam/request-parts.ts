/* The parts every service's mapping (./requests-*.ts) builds IAM requests from. */
/** One authorization AWS makes for a call: an action on a resource, with the request's context. */
export interface IamRequest {
  readonly action: string;
  /** The resource ARN, or `*` for actions without resource-level permissions. */
  readonly resource: string;
  readonly context: Readonly<Record<string, string | string[]>>;
  /**
   * Set when the service makes this request on the caller's behalf (`kms:ViaService`): it goes
   * from the service to KMS, not through the caller's VPC endpoint.
   */
  readonly onBehalf?: boolean;
}

/** Where ARNs are built: the account and region the harness places the stack in. */
export interface Where {
  readonly account: string;
  readonly region: string;
}

/** The emulators' accounts (LocalStack's, moto's): ARNs they hand out are rewritten to the placement's. */
const EMULATOR_ACCOUNTS = /^(000000000000|123456789012)$/;

/** An ARN a call names, moved to the placement's account and region. */
export function placedArn(arn: string, where: Where): string {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return arn;
  if (parts[3]) parts[3] = where.region;
  if (parts[4] && EMULATOR_ACCOUNTS.test(parts[4])) parts[4] = where.account;
  return parts.join(':');
}

export type Input = Record<string, any>;
export type Mapper = (input: Input, where: Where, output?: Input) => IamRequest[];

export const request = (
  action: string,
  resource: string,
  context: Record<string, string | string[]> = {},
): IamRequest => ({ action, resource, context });

// --- Tags given at creation: AWS authorizes the service's tagging action as well ----------------

export const requestTags = (tags: Record<string, string>) => ({
  ...Object.fromEntries(Object.entries(tags).map(([k, v]) => [`aws:RequestTag/${k}`, v])),
  'aws:TagKeys': Object.keys(tags),
});
export const tagList = (tags: { Key?: string; Value?: string; key?: string; value?: string }[] | undefined) =>
  Object.fromEntries((tags ?? []).map((t) => [t.Key ?? t.key ?? '', t.Value ?? t.value ?? '']));
export const withTags = (tags: Record<string, string>, action: string, resource: string, extra = {}) =>
  Object.keys(tags).length > 0 ? [request(action, resource, { ...requestTags(tags), ...extra })] : [];

/** A KMS key named by ARN, id or alias, as the ARN IAM sees. */
export const keyArn = (keyId: string, w: Where) =>
  keyId.startsWith('arn:')
    ? placedArn(keyId, w)
    : `arn:aws:kms:${w.region}:${w.account}:${keyId.startsWith('alias/') ? keyId : `key/${keyId}`}`;
