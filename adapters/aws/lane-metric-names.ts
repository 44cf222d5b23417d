/**
 * The names the lane metrics are written (EMF, ./lane-metrics-emf.ts) and read (GetMetricData,
 * ./cloudwatch-lane-metrics.ts) by: one definition, so the two cannot drift apart.
 *
 * Per installation, a lane is one metric, `LaneLatency`: its SampleCount is the calls, its p50
 * and p95 the latency, so calls cost no metric of their own. `LaneErrors` exists only in hours an
 * installation had errors, `EgressCalls` one per host it reached (hosts are bounded by its
 * manifest's allowlist). The dimensions are the tenant, the installation and the lane or host:
 * no action or route, which would multiply the metrics per installation (docs/metrics.md has the
 * cost). CloudWatch bills a custom metric only for the hours it receives data, so an idle
 * installation costs nothing.
 */
export const LANE_METRICS = {
  namespace: 'Vivified',
  // Powertools stamps every EMF metric with a `service` dimension; one fixed value for every
  // lane's function, so a reader need not know which function served a lane.
  service: 'vivified-lanes',
  latency: 'LaneLatency',
  errors: 'LaneErrors',
  egress: 'EgressCalls',
  dimensions: { tenant: 'TenantId', installation: 'InstallationId', lane: 'Lane', host: 'Host' },
} as const;

/** SQS's own metrics (free) of an installation's queues: deliveries handled and dead letters waiting. */
export const QUEUE_METRICS = {
  namespace: 'AWS/SQS',
  delivered: 'NumberOfMessagesDeleted',
  deadLettered: 'ApproximateNumberOfMessagesVisible',
  dimension: 'QueueName',
} as const;
