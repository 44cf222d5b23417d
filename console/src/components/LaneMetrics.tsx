import { useState } from 'react';
import type { InstallationMetrics } from '../../../functions/wire';
import { seg } from '../api';
import { useConsole, useLoad } from '../context';
import { MetricChart } from './MetricChart';
import { Problem } from './Problem';

const WINDOWS = { hour: 'Last hour', day: 'Last day' } as const;
type Window = keyof typeof WINDOWS;

/**
 * The lane metrics of one installation as charts over the last hour or day: calls and errors and
 * p50/p95 latency per lane, events delivered and dead letters waiting, egress calls per host.
 */
export function LaneMetrics({ pluginId }: { readonly pluginId: string }) {
  const { api, tenantId } = useConsole();
  const [window, setWindow] = useState<Window>('hour');
  const path = `/v1/tenants/${seg(tenantId)}/installations/${seg(pluginId)}/metrics?window=${window}`;
  const metrics = useLoad(() => api<InstallationMetrics>('GET', path), path);
  const data = metrics.data;
  const frame = data ? { start: data.start, bucketSeconds: data.bucketSeconds } : undefined;
  const bucket = data && (data.bucketSeconds === 60 ? 'minute' : `${data.bucketSeconds / 60} minutes`);
  return (
    <section aria-labelledby="metrics-title" className="metrics">
      <h2 id="metrics-title">Lane metrics</h2>
      <fieldset className="actions window-choice">
        <legend className="visually-hidden">Window</legend>
        {(Object.keys(WINDOWS) as Window[]).map((name) => (
          <button key={name} type="button" aria-pressed={window === name} onClick={() => setWindow(name)}>
            {WINDOWS[name]}
          </button>
        ))}
        <button type="button" onClick={metrics.reload}>
          Refresh metrics
        </button>
      </fieldset>
      <Problem error={metrics.error} />
      {data && frame && (
        <>
          <p className="hint">
            {WINDOWS[window]}, one bar per {bucket}.
          </p>
          {data.lanes.length === 0 && <p>No lane calls in this window.</p>}
          <div className="charts">
            {data.lanes.flatMap((lane) => [
              <MetricChart
                key={`${lane.lane}-calls`}
                title={`Calls and errors: ${lane.lane} lane`}
                kind="bars"
                unit="calls"
                {...frame}
                series={[
                  { name: 'calls', values: lane.calls, tone: 'series-a' },
                  { name: 'errors', values: lane.errors, tone: 'series-b' },
                ]}
              />,
              <MetricChart
                key={`${lane.lane}-latency`}
                title={`Latency: ${lane.lane} lane`}
                kind="lines"
                unit="ms"
                {...frame}
                series={[
                  { name: 'p50', values: lane.p50, tone: 'series-a' },
                  { name: 'p95', values: lane.p95, tone: 'series-b' },
                ]}
              />,
            ])}
            {data.events && (
              <MetricChart
                title={
                  data.events.delivered ? 'Events delivered and dead letters waiting' : 'Dead letters waiting'
                }
                kind="bars"
                unit="events"
                {...frame}
                series={[
                  ...(data.events.delivered
                    ? [{ name: 'delivered', values: data.events.delivered, tone: 'series-a' as const }]
                    : []),
                  { name: 'dead letters waiting', values: data.events.deadLettered, tone: 'series-b' },
                ]}
              />
            )}
            {data.egress.map((host) => (
              <MetricChart
                key={host.host}
                title={`Egress: ${host.host}`}
                kind="bars"
                unit="calls"
                {...frame}
                series={[{ name: 'calls', values: host.calls, tone: 'series-a' }]}
              />
            ))}
          </div>
          {data.egress.length === 0 && (
            <p className="muted">No egress through the proxy lane in this window.</p>
          )}
          {!data.events?.delivered && (
            <p className="muted">
              Event deliveries come from the queues’ own CloudWatch metrics when deployed; locally the plugin
              reads its queue itself, so they are not charted here. Dead letters waiting are sampled from the
              local queue each time this page loads.
            </p>
          )}
        </>
      )}
    </section>
  );
}
