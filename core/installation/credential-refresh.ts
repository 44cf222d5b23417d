/**
 * How long before its expiry the health round replaces an installation's stored credential.
 * Half of the hour a credential lasts: the stored copy, which a restarted task or an SDK refresh
 * reads, always has at least this long left (less one round), and each secret is written about
 * twice an hour instead of once per round. Secrets Manager asks for no more than one
 * PutSecretValue per secret every 10 minutes (docs/capacity.md cites it).
 */
export const CREDENTIAL_REFRESH_BEFORE_MS = 30 * 60 * 1000;

/**
 * Whether the stored credential, which expires at `expiresAt` (ISO 8601; unknown for one issued
 * before the health round recorded expiries, or at enable), is due to be replaced at `now`.
 */
export function credentialDue(expiresAt: string | undefined, now: Date): boolean {
  if (expiresAt === undefined) return true;
  return Date.parse(expiresAt) - now.getTime() < CREDENTIAL_REFRESH_BEFORE_MS;
}
