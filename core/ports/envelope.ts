/** Why a value is sealed; part of the encryption context so a config secret can never open as PHI. */
export type SealPurpose = 'config' | 'phi' | 'credential';

export interface SealContext {
  readonly tenantId: string;
  readonly installationId: string;
  readonly purpose: SealPurpose;
}

/** Knows which tenants have a key of their own: the deployment provisions them, the registry records them. */
export interface DedicatedKeys {
  /** The tenant's own key (a KMS key ARN deployed), or undefined when it has none. */
  dedicatedKeyOf(tenantId: string): Promise<string | undefined>;
}

/**
 * Seals and opens values under the tenant's key (its dedicated key, or the platform key), bound
 * to their context: a value opens only under the context it was sealed with.
 */
export interface Envelope extends DedicatedKeys {
  seal(plaintext: string, context: SealContext): Promise<string>;
  /** The plaintext; an Error when the value was sealed under another context or is not intact. */
  open(sealed: string, expected: SealContext): Promise<string>;
}
