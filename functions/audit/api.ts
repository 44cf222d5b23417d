import { readAuditTrail, verifyAuditTrail } from '../../application/audit/audit-trail';
import { explainRecord } from '../../application/audit/explain';
import type { UserDirectory } from '../../core/ports';
import type { ControlPlane } from '../shared/control-plane';
import { type HttpRequest, httpApi } from '../shared/http';
import { pageAsk } from '../shared/page-ask';
import { tenantAsk } from '../shared/tenant-ask';

/**
 * The ports the audit routes use: the installations and catalog name plugin actors, the user
 * directory (where there is one) names people.
 */
export type AuditPlane = Pick<
  ControlPlane,
  'audit' | 'authenticate' | 'logger' | 'metrics' | 'settings' | 'installations' | 'catalog'
> & { readonly users?: UserDirectory };

/** A tenant's audit trail over HTTP (application/audit): query it, and verify its hash chain from storage. */
export function auditApi(plane: AuditPlane) {
  const ask = (request: HttpRequest) => tenantAsk(plane, request);

  return httpApi({
    area: 'audit',
    logger: plane.logger,
    metrics: plane.metrics,
    corsOrigins: plane.settings.corsOrigins,
    onSettled: () => plane.audit.flush(),
    handlers: {
      'audit.read': async (request) => {
        const { from, to, actor, action, decision, trace, order } = request.query;
        const page = await readAuditTrail(plane, {
          ...(await ask(request)),
          // Checked by the action, every field at once: each bad one is a 400 naming its parameter.
          filter: { from, to, actor, action, decision, traceId: trace, order },
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

      'audit.explain': async (request) => ({
        status: 200,
        body: await explainRecord(plane, { ...(await ask(request)), seq: request.params.seq ?? '' }),
      }),
    },
  });
}
