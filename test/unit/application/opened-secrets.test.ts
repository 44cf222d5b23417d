import { describe, expect, it } from 'vitest';
import { openedSecrets } from '../../../application/lanes/opened-secrets';
import type { SealContext } from '../../../core/ports';

const context: SealContext = { tenantId: 'clinic-a', installationId: 'inst-1', purpose: 'config' };

/** An envelope that "opens" `sealed:<value>@<tenant>` for its own tenant only, counting opens. */
function countingEnvelope() {
  const opened: string[] = [];
  return {
    opened,
    envelope: {
      async open(sealed: string, expected: SealContext) {
        opened.push(sealed);
        const [value, tenant] = sealed.replace(/^sealed:/, '').split('@');
        if (tenant !== expected.tenantId) throw new Error('Sealed value was bound to another tenantId');
        return value!;
      },
    },
  };
}

describe('opened secrets held per container', () => {
  it('opens a sealed value once within the TTL, and again after it', async () => {
    let clock = 0;
    const { envelope, opened } = countingEnvelope();
    const secrets = openedSecrets(envelope, { ttlMs: 60_000, now: () => clock });

    expect(await secrets.open('sealed:token@clinic-a', context)).toBe('token');
    clock = 59_999;
    expect(await secrets.open('sealed:token@clinic-a', context)).toBe('token');
    expect(opened).toHaveLength(1);

    clock = 60_000;
    expect(await secrets.open('sealed:token@clinic-a', context)).toBe('token');
    expect(opened).toHaveLength(2);
  });

  it('opens a rotated secret afresh: it is a new sealed value, so the old one is never served for it', async () => {
    const { envelope, opened } = countingEnvelope();
    const secrets = openedSecrets(envelope);

    expect(await secrets.open('sealed:old@clinic-a', context)).toBe('old');
    expect(await secrets.open('sealed:new@clinic-a', context)).toBe('new');
    expect(opened).toEqual(['sealed:old@clinic-a', 'sealed:new@clinic-a']);
  });

  it('never serves a value opened under one context to another: the envelope decides each', async () => {
    const { envelope, opened } = countingEnvelope();
    const secrets = openedSecrets(envelope);
    await secrets.open('sealed:token@clinic-a', context);

    await expect(secrets.open('sealed:token@clinic-a', { ...context, tenantId: 'clinic-b' })).rejects.toThrow(
      /bound to another tenantId/,
    );
    expect(await secrets.open('sealed:token@clinic-a', { ...context, installationId: 'inst-2' })).toBe(
      'token',
    );
    expect(opened).toHaveLength(3);
  });

  it('holds at most `max` values, dropping the least recently used', async () => {
    const { envelope, opened } = countingEnvelope();
    const secrets = openedSecrets(envelope, { max: 2 });
    await secrets.open('sealed:a@clinic-a', context);
    await secrets.open('sealed:b@clinic-a', context);
    await secrets.open('sealed:a@clinic-a', context);
    await secrets.open('sealed:c@clinic-a', context);

    await secrets.open('sealed:a@clinic-a', context);
    await secrets.open('sealed:b@clinic-a', context);
    expect(opened).toEqual([
      'sealed:a@clinic-a',
      'sealed:b@clinic-a',
      'sealed:c@clinic-a',
      'sealed:b@clinic-a',
    ]);
  });

  it('keeps nothing of a failed open', async () => {
    const { envelope, opened } = countingEnvelope();
    const secrets = openedSecrets(envelope);
    const other = { ...context, tenantId: 'clinic-b' };

    await expect(secrets.open('sealed:token@clinic-a', other)).rejects.toThrow();
    await expect(secrets.open('sealed:token@clinic-a', other)).rejects.toThrow();
    expect(opened).toHaveLength(2);
  });
});
