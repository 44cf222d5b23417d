import { describe, expect, it } from 'vitest';
import { CREDENTIAL_REFRESH_BEFORE_MS, credentialDue } from '../../../core/installation/credential-refresh';

describe('when the stored credential is replaced', () => {
  const now = new Date('2026-12-04T12:00:00.000Z');
  const expiringIn = (ms: number) => new Date(now.getTime() + ms).toISOString();

  it('is due when its expiry is unknown, so one issued before expiries were recorded is replaced', () => {
    expect(credentialDue(undefined, now)).toBe(true);
  });

  it('is not due while more than the refresh margin is left, and due from the margin on', () => {
    expect(credentialDue(expiringIn(CREDENTIAL_REFRESH_BEFORE_MS), now)).toBe(false);
    expect(credentialDue(expiringIn(CREDENTIAL_REFRESH_BEFORE_MS - 1), now)).toBe(true);
    expect(credentialDue(expiringIn(-1), now)).toBe(true);
  });

  it('keeps writes within Secrets Manager’s one PutSecretValue per 10 minutes for an hour-long credential', () => {
    expect(60 * 60 * 1000 - CREDENTIAL_REFRESH_BEFORE_MS).toBeGreaterThanOrEqual(10 * 60 * 1000);
  });
});
