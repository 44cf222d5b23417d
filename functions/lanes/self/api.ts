import type { JSONWebKeySet } from 'jose';
import { readOwnConfig, rotateOwnCredential } from '../../../application/lanes/self-service';
import type { PluginCredentials } from '../../../core/ports';
import apiDocument from '../../../schemas/openapi.json';
import type { ControlPlane } from '../../shared/control-plane';
import { type HttpRequest, httpApi } from '../../shared/http';
import type { ApiDocument } from '../../wire';
import { laneCaller } from '../lane-caller';

export interface SelfServiceOptions {
  readonly credentials: Pick<PluginCredentials, 'verify' | 'issue'>;
  /** The public half of the operator signing key. */
  readonly operatorKeys: () => JSONWebKeySet;
}

/** The ports the self-service routes use. */
export type SelfServicePlane = Pick<
  ControlPlane,
  'catalog' | 'installations' | 'audit' | 'logger' | 'metrics' | 'laneMetrics' | 'settings'
>;

/**
 * What a running plugin may ask about itself: its config (secret values never leave the core;
 * they are used by reference through the proxy lane) and a fresh credential in exchange for a
 * valid one — how long-running plugins rotate before expiry (application/lanes/self-service).
 * Plus the public operator JWKS and the API's OpenAPI document.
 */
export function selfService(plane: SelfServicePlane, options: SelfServiceOptions) {
  const deps = { ...plane, credentials: options.credentials };
  const caller = async (request: HttpRequest) => ({
    ...(await laneCaller(plane, options.credentials, request)),
    traceId: request.traceId,
  });

  return httpApi({
    area: 'self',
    logger: plane.logger,
    metrics: plane.metrics,
    laneMetrics: plane.laneMetrics,
    onSettled: () => plane.audit.flush(),
    handlers: {
      'self.config': async (request) => ({
        status: 200,
        body: await readOwnConfig(deps, await caller(request)),
      }),

      'self.credential': async (request) => ({
        status: 200,
        body: await rotateOwnCredential(deps, await caller(request)),
      }),

      'keys.operator': async () => ({
        status: 200,
        body: options.operatorKeys(),
        headers: { 'Cache-Control': 'public, max-age=300' },
      }),

      // The committed document, bundled with this function: what the deployed code answers is
      // exactly what it was built from (a unit test holds the file to the route table).
      'api.document': async () => ({
        status: 200,
        body: apiDocument as unknown as ApiDocument,
        headers: { 'Cache-Control': 'public, max-age=300' },
      }),
    },
  });
}
