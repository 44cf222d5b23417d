import type { Metrics } from '@aws-lambda-powertools/metrics';
import type middy from '@middy/core';

/**
 * Publishes what a request stored on the shared metrics (the guard's decision counts), after it
 * is answered or failed. Unlike Powertools' `logMetrics`, a request that stored none — a public
 * document, a 404, anything before a decision — publishes nothing instead of warning "No
 * application metrics to publish" once per request: its Requests and Latency are single metrics,
 * flushed as they are recorded (functions/shared/http.ts), so an empty store is the normal case.
 */
export function publishMetrics<Event, Result>(metrics: Metrics): middy.MiddlewareObj<Event, Result> {
  const publish = () => {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  };
  return { after: publish, onError: publish };
}
