import { pageSize } from '../../adapters/aws/registry/cursor';
import { ValidationError } from '../../core/errors';
import { authenticated } from '../shared/authenticate';
import type { ControlPlane } from '../shared/control-plane';
import { guard } from '../shared/guard';
import { httpApi } from '../shared/http';

const isInstant = (value: string | undefined) => value === undefined || !Number.isNaN(Date.parse(value));

/** The ports the audit routes use. */
export type AuditPlane = Pick<ControlPlane, 'audit' | 'authenticate' | 'logger' | 'metrics' | 'settings'>;

/** A tenant's audit trail: query it, and verify its hash chain from storage. */
export function auditApi(plane: AuditPlane) {
  const policy = guard(plane);

  return httpApi({
    area: 'audit',
    logger: plane.logger,
    metrics: plane.metrics,
    corsOrigins: plane.settings.corsOrigins,
    onSettled: () => plane.audit.flush(),
    handlers: {
      'audit.read': async (request) => {
        const principal = await authenticated(plane, request);
        const tenantId = request.params.tenantId ?? '';
        await policy.authorize(
          principal,
          'audit.read',
          { tenantId },
          { traceId: request.traceId, target: { kind: 'audit', id: tenantId } },
        );
        const { from, to, actor, action, limit, cursor } = request.query;
        const invalid = [
          ...(isInstant(from) ? [] : [{ pointer: '/from', message: 'must be an ISO 8601 instant' }]),
          ...(isInstant(to) ? [] : [{ pointer: '/to', message: 'must be an ISO 8601 instant' }]),
        ];
        if (invalid.length > 0) throw new ValidationError('The audit query is invalid.', invalid);
        const page = await plane.audit.query(
          tenantId,
          { from: from && new Date(from).toISOString(), to: to && new Date(to).toISOString(), actor, action },
          pageSize(limit),
          cursor,
        );
        return { status: 200, body: page };
      },

      'audit.verify': async (request) => {
        const principal = await authenticated(plane, request);
        const tenantId = request.params.tenantId ?? '';
        await policy.authorize(
          principal,
          'audit.verify',
          { tenantId },
          { traceId: request.traceId, target: { kind: 'audit', id: tenantId } },
        );
        return { status: 200, body: await plane.audit.verify(tenantId) };
      },
    },
  });
}
