import { beforeAll, describe, expect, it } from 'vitest';
import type { Envelope, SealContext } from '../../core/ports';
import type { Make } from './fixtures';

/** The envelope under test and the tenants it was given a key of their own for. */
export interface EnvelopeUnderTest {
  readonly envelope: Envelope;
  /** A tenant with a dedicated key, and one without. */
  readonly dedicatedTenant: string;
  readonly sharedTenant: string;
}

/** What every Envelope does, whatever keys it seals under. */
export function envelopeContract(implementation: string, make: Make<EnvelopeUnderTest>) {
  describe(`Envelope contract: ${implementation}`, () => {
    let subject: EnvelopeUnderTest;
    let shared: SealContext;
    beforeAll(async () => {
      subject = await make();
      shared = { tenantId: subject.sharedTenant, installationId: 'inst-1', purpose: 'config' };
    });

    it('opens what it sealed, and seals the same value differently each time', async () => {
      // Act
      const first = await subject.envelope.seal('s3cret-value', shared);
      const second = await subject.envelope.seal('s3cret-value', shared);

      // Assess
      expect(await subject.envelope.open(first, shared)).toBe('s3cret-value');
      expect(await subject.envelope.open(second, shared)).toBe('s3cret-value');
      expect(first).not.toBe(second);
      expect(Buffer.from(first, 'base64').toString('latin1')).not.toContain('s3cret-value');
    });

    it.each([
      ['tenant', { tenantId: 'someone-else' }],
      ['installation', { installationId: 'inst-2' }],
      ['purpose', { purpose: 'phi' }],
    ] as const)('does not open under another %s', async (_, change) => {
      // Prepare
      const sealed = await subject.envelope.seal('bound', shared);

      // Act
      const opened = subject.envelope.open(sealed, { ...shared, ...change });

      // Assess
      await expect(opened).rejects.toThrow();
    });

    it('does not open an altered value', async () => {
      // Prepare
      const sealed = Buffer.from(await subject.envelope.seal('intact', shared), 'base64');
      sealed[sealed.length - 5] = sealed[sealed.length - 5]! ^ 0xff;

      // Act
      const opened = subject.envelope.open(sealed.toString('base64'), shared);

      // Assess
      await expect(opened).rejects.toThrow();
    });

    it("seals a tenant with a key of its own under that key, which another tenant's values never open under", async () => {
      // Prepare
      const dedicated: SealContext = { ...shared, tenantId: subject.dedicatedTenant };

      // Act
      const sealed = await subject.envelope.seal('theirs', dedicated);
      const opened = await subject.envelope.open(sealed, dedicated);
      const sharedValue = await subject.envelope.seal('platform', shared);

      // Assess
      expect(opened).toBe('theirs');
      expect(await subject.envelope.dedicatedKeyOf(subject.dedicatedTenant)).toEqual(expect.any(String));
      expect(await subject.envelope.dedicatedKeyOf(subject.sharedTenant)).toBeUndefined();
      await expect(
        subject.envelope.open(sharedValue, { ...shared, tenantId: subject.dedicatedTenant }),
      ).rejects.toThrow();
    });
  });
}
