import { describe, expect, it } from 'vitest';
import { memoryAuditLog } from '../../../adapters/memory/audit-log';
import { guard } from '../../../application/guard';
import type { AuditEntry } from '../../../core/ports';
import { PLATFORM_TENANT_ID } from '../../../core/tenancy';
import { platformAdmin, TENANT, user } from '../policy/fixtures';

// What the lanes run beside a decision's audit record (their rate count): only once it allows,
// at the same time as the record is written, and nothing is thrown before both have settled.

const context = { traceId: 'trace-1', target: { kind: 'tenant', id: TENANT } };

describe('authorizeAlongside', () => {
  it('runs the work while the allow record is written, and answers both', async () => {
    // Prepare
    const audit = memoryAuditLog();
    const order: string[] = [];
    const appending = {
      append: async (entry: AuditEntry) => {
        order.push('record sent');
        const record = await audit.append(entry);
        order.push('record written');
        return record;
      },
    };

    // Act
    const [decision, counted] = await guard({ audit: appending }).authorizeAlongside(
      platformAdmin,
      'tenant.read',
      { tenantId: TENANT },
      context,
      async () => {
        order.push('work started');
        return 'counted';
      },
    );

    // Assess
    expect(decision.effect).toBe('allow');
    expect(counted).toBe('counted');
    expect(order).toEqual(['record sent', 'work started', 'record written']);
    expect((await audit.query(PLATFORM_TENANT_ID, {}, 10)).items.map((r) => r.decision)).toEqual(['allow']);
  });

  it('never runs the work for a refused decision', async () => {
    // Prepare
    const audit = memoryAuditLog();
    let ran = false;

    // Act
    const refused = guard({ audit })
      .authorizeAlongside(user(['audit_viewer']), 'tenant.read', { tenantId: TENANT }, context, async () => {
        ran = true;
      })
      .catch((error: Error) => error.name);

    // Assess
    expect(await refused).toBe('PolicyDeniedError');
    expect(ran).toBe(false);
  });

  it("throws the record's failure first, and only once the work has settled", async () => {
    // Prepare
    let settled = false;
    const failing = {
      append: async () => {
        throw new Error('audit unavailable');
      },
    };

    // Act
    const failed = guard({ audit: failing })
      .authorizeAlongside(platformAdmin, 'tenant.read', { tenantId: TENANT }, context, async () => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        settled = true;
        throw new Error('counter unavailable');
      })
      .catch((error: Error) => error.message);

    // Assess
    expect(await failed).toBe('audit unavailable');
    expect(settled).toBe(true);
  });

  it("throws the work's failure when the record was written", async () => {
    // Prepare
    const audit = memoryAuditLog();

    // Act
    const failed = guard({ audit })
      .authorizeAlongside(platformAdmin, 'tenant.read', { tenantId: TENANT }, context, async () => {
        throw new Error('counter unavailable');
      })
      .catch((error: Error) => error.message);

    // Assess
    expect(await failed).toBe('counter unavailable');
    expect((await audit.query(PLATFORM_TENANT_ID, {}, 10)).items).toHaveLength(1);
  });

  it('adds what `describe` says of an allowed decision to its record, and asks nothing of a refused one', async () => {
    // Prepare
    const audit = memoryAuditLog();
    const asked: string[] = [];
    const describe = (decision: { effect: string }) => {
      asked.push(decision.effect);
      return { plan: 'two copies' };
    };

    // Act
    await guard({ audit }).authorizeAlongside(
      platformAdmin,
      'tenant.read',
      { tenantId: TENANT },
      { ...context, describe },
      async () => undefined,
    );
    const refused = await guard({ audit })
      .authorizeAlongside(
        user(['audit_viewer']),
        'tenant.read',
        { tenantId: TENANT },
        { ...context, describe },
        async () => undefined,
      )
      .catch((error: Error) => error.name);

    // Assess
    expect(refused).toBe('PolicyDeniedError');
    expect(asked).toEqual(['allow']);
    const [record] = (await audit.query(PLATFORM_TENANT_ID, {}, 10)).items;
    expect(record!.details).toMatchObject({ plan: 'two copies', rule: expect.any(String) });
  });
});
