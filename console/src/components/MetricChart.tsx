import { useId } from 'react';

/** One named series of a chart; null where a bucket has no value (a latency without calls). */
export interface ChartSeries {
  readonly name: string;
  readonly values: ReadonlyArray<number | null>;
  /** A CSS class that colours it (`series-a`, `series-b`). */
  readonly tone: 'series-a' | 'series-b';
}

export interface MetricChartProps {
  readonly title: string;
  /** `bars` for counts, `lines` for latencies. */
  readonly kind: 'bars' | 'lines';
  readonly unit: string;
  readonly series: readonly ChartSeries[];
  /** The first bucket's start (ISO 8601) and each bucket's width, for the table and the axis. */
  readonly start: string;
  readonly bucketSeconds: number;
}

const HEIGHT = 100;
const round = (value: number) => Math.round(value * 10) / 10;
const time = (ms: number) => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/** Runs of buckets with a value as polyline points; a gap (a bucket without calls) breaks a line. */
function runs(values: ReadonlyArray<number | null>, max: number): string[] {
  const lines: Array<Array<[number, number]>> = [[]];
  values.forEach((value, i) => {
    if (value === null) lines.push([]);
    else lines.at(-1)!.push([i + 0.5, HEIGHT - (value / max) * HEIGHT]);
  });
  return lines
    .filter((line) => line.length > 0)
    .map((line) => {
      // A lone bucket is drawn as a short flat segment, so one minute with calls is still seen.
      const [x, y] = line[0]!;
      const points =
        line.length > 1 ? line : [[x - 0.4, y] as [number, number], [x + 0.4, y] as [number, number]];
      return points.map(([px, py]) => `${px},${py}`).join(' ');
    });
}

/**
 * A small chart in plain SVG: bars for counts, lines for latencies, over a window's buckets. It
 * scales to its container's width (narrow screens get one chart per row); for screen readers it
 * is one image named by its title and a summary, and every bucket with a value is in a table
 * behind "Show as table".
 */
export function MetricChart({ title, kind, unit, series, start, bucketSeconds }: MetricChartProps) {
  const id = useId();
  const buckets = series[0]?.values.length ?? 0;
  const numbers = series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const max = Math.max(1, ...numbers);
  const startMs = Date.parse(start);
  const endMs = startMs + buckets * bucketSeconds * 1000;
  const summary = series
    .map((s) => {
      const values = s.values.filter((v): v is number => v !== null);
      if (kind === 'bars') return `${s.name}: ${values.reduce((a, b) => a + b, 0)} in total`;
      return values.length ? `${s.name}: up to ${round(Math.max(...values))} ${unit}` : `${s.name}: no calls`;
    })
    .join('; ');
  const rows = Array.from({ length: buckets }, (_, i) => i).filter((i) =>
    series.some((s) => (s.values[i] ?? 0) !== 0),
  );
  return (
    <figure className="chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`}>{title}</figcaption>
      <div className="chart-scale">
        {round(max)} {unit}
      </div>
      <svg
        role="img"
        aria-label={`${title}. ${summary}.`}
        viewBox={`0 0 ${Math.max(buckets, 1)} ${HEIGHT}`}
        preserveAspectRatio="none"
      >
        <title>{`${title}. ${summary}.`}</title>
        {kind === 'bars'
          ? series.map((s, n) =>
              s.values.map((value, i) =>
                value ? (
                  <rect
                    // biome-ignore lint/suspicious/noArrayIndexKey: a bucket is its index.
                    key={`${n}-${i}`}
                    className={s.tone}
                    x={i + 0.1}
                    width={0.8}
                    y={HEIGHT - (value / max) * HEIGHT}
                    height={(value / max) * HEIGHT}
                  />
                ) : null,
              ),
            )
          : series.map((s) =>
              runs(s.values, max).map((points) => (
                <polyline
                  key={`${s.name}-${points}`}
                  className={s.tone}
                  points={points}
                  fill="none"
                  vectorEffect="non-scaling-stroke"
                />
              )),
            )}
      </svg>
      <div className="chart-axis">
        <span>{time(startMs)}</span>
        <span>{time(endMs)}</span>
      </div>
      <ul className="chart-legend">
        {series.map((s) => (
          <li key={s.name}>
            <span className={`swatch ${s.tone}`} aria-hidden="true" /> {s.name}
          </li>
        ))}
      </ul>
      <details>
        <summary>Show as table</summary>
        {rows.length === 0 ? (
          <p className="muted">Nothing in this window.</p>
        ) : (
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">{title}</caption>
              <thead>
                <tr>
                  <th scope="col">From</th>
                  {series.map((s) => (
                    <th scope="col" key={s.name}>
                      {s.name} ({unit})
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((i) => (
                  <tr key={i}>
                    <td data-label="From">{time(startMs + i * bucketSeconds * 1000)}</td>
                    {series.map((s) => (
                      <td data-label={`${s.name} (${unit})`} key={s.name}>
                        {s.values[i] === null ? '–' : round(s.values[i] ?? 0)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </details>
    </figure>
  );
}
