import { readAuditTrail, verifyAuditTrail } from '../../application/audit/audit-trail';
import type { AuditRecord } from '../../core/audit';
import { authenticated } from '../shared/authenticate';
import type { ControlPlane } from '../shared/control-plane';
import { type HttpRequest, httpApi } from '../shared/http';
import { pageAsk } from '../shared/page-ask';

/** The ports the audit routes use. */
export type AuditPlane = Pick<ControlPlane, 'audit' | 'authenticate' | 'logger' | 'metrics' | 'settings'>;

/** A tenant's audit trail over HTTP (application/audit): query it, and verify its hash chain from storage. */
export function auditApi(plane: AuditPlane) {
  const ask = async (request: HttpRequest) => ({
    principal: await authenticated(plane, request),
    tenantId: request.params.tenantId ?? '',
    traceId: request.traceId,
  });

  return httpApi({
    area: 'audit',
    logger: plane.logger,
    metrics: plane.metrics,
    corsOrigins: plane.settings.corsOrigins,
    onSettled: () => plane.audit.flush(),
    handlers: {
      'audit.read': async (request) => {
        const { from, to, actor, action, decision } = request.query;
        const page = await readAuditTrail(plane, {
          ...(await ask(request)),
          // Checked by the action: anything but allow or deny is a 400 naming /decision.
          filter: { from, to, actor, action, decision: decision as AuditRecord['decision'] | undefined },
          page: pageAsk(request.query),
        });
        return { status: 200, body: page };
      },

      'audit.verify': async (request) => ({
        status: 200,
        body: await verifyAuditTrail(plane, {
          ...(await ask(request)),
          full: request.query.full,
        }),
      }),
    },
  });
}
