import { describe, expect, it } from 'vitest';
import { memoryAuditLog } from '../../../adapters/memory/audit-log';
import { readAuditTrail, verifyAuditTrail } from '../../../application/audit/audit-trail';
import { ValidationError } from '../../../core/errors';
import { TENANT, user } from '../policy/fixtures';

const page = { raw: {}, parse: () => ({ limit: 25, cursor: undefined }) };

describe('the audit trail actions', () => {
  it('verify since the last checkpoint unless asked for the full chain, and refuse any other answer to full', async () => {
    // Prepare
    const audit = memoryAuditLog();
    const ask = { principal: user(['audit_viewer']), tenantId: TENANT, traceId: 't' };

    // Act
    const since = await verifyAuditTrail({ audit }, ask);
    const full = await verifyAuditTrail({ audit }, { ...ask, full: 'true' });
    const refused = verifyAuditTrail({ audit }, { ...ask, full: 'yes' });

    // Assess
    expect(since).toMatchObject({ ok: true, mode: 'since_checkpoint' });
    expect(full).toMatchObject({ ok: true, mode: 'full' });
    await expect(refused).rejects.toBeInstanceOf(ValidationError);
  });

  it('filter by decision, and refuse a decision that is neither allow nor deny, naming /decision', async () => {
    // Prepare
    const audit = memoryAuditLog();
    const ask = { principal: user(['audit_viewer']), tenantId: TENANT, traceId: 't', page };

    // Act
    const denied = await readAuditTrail({ audit }, { ...ask, filter: { decision: 'deny' } });
    const refused = await readAuditTrail(
      { audit },
      { ...ask, filter: { decision: 'maybe' as 'deny' } },
    ).catch((error: unknown) => error);

    // Assess: reading the trail is itself audited (an allow), so the deny filter finds nothing.
    expect(denied.items).toEqual([]);
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).errors).toEqual([
      { pointer: '/decision', message: 'must be allow or deny' },
    ]);
  });
});
