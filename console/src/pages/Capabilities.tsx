import { useParams } from 'react-router';
import type { Decision, PluginMatrix, SimulationAnswer } from '../../../functions/wire';
import { seg } from '../api';
import { Problem } from '../components/Problem';
import { useConsole, useLoad } from '../context';
import { usePluginNames } from '../plugin-names';

/** One decision as a cell: allowed or refused, and the rule and reasons on hover. */
function Verdict({ decision }: { decision: Decision | undefined }) {
  if (!decision) return <span className="muted">refused: not installed</span>;
  return (
    <span className={decision.effect === 'allow' ? 'ok' : 'bad'} title={decision.reasons.join('\n')}>
      {decision.effect === 'allow' ? 'allowed' : 'refused'} <span className="muted">({decision.rule})</span>
    </span>
  );
}

const removed = (decision: Decision) => (decision.obligations.redactFields ?? []).join(', ') || 'nothing';

/** A table of one part of the matrix. */
function Part<Row>({
  title,
  rows,
  columns,
}: {
  title: string;
  rows: readonly Row[];
  columns: ReadonlyArray<readonly [string, (row: Row) => React.ReactNode]>;
}) {
  return (
    <section aria-label={title}>
      <h2>{title}</h2>
      {rows.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <table>
          <thead>
            <tr>
              {columns.map(([name]) => (
                <th key={name} scope="col">
                  {name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => (
              // Rows have no identity beyond their place in the answer, which is stable.
              // biome-ignore lint/suspicious/noArrayIndexKey: see above
              <tr key={index}>
                {columns.map(([name, cell]) => (
                  <td key={name}>{cell(row)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Matrix({ matrix }: { matrix: PluginMatrix }) {
  return (
    <>
      <Part
        title="Events it may publish"
        rows={matrix.publishes}
        columns={[
          ['Event', (e) => <code>{e.eventType}</code>],
          ['Decision', (e) => <Verdict decision={e.decision} />],
          [
            'Removed from each subscriber’s copy',
            (e) =>
              e.subscribers.map((s) => `${s.pluginId}: ${removed(s.decision)}`).join('; ') ||
              'no subscribers',
          ],
        ]}
      />
      <Part
        title="Events it may receive"
        rows={matrix.receives}
        columns={[
          ['Event', (e) => <code>{e.eventType}</code>],
          ['Decision', (e) => <Verdict decision={e.decision} />],
          ['Removed from its copy', (e) => removed(e.decision)],
        ]}
      />
      <Part
        title="Operations it may call"
        rows={matrix.calls}
        columns={[
          ['Operation', (e) => <code>{`${e.pluginId}.${e.operation}`}</code>],
          ['Decision', (e) => <Verdict decision={e.decision} />],
        ]}
      />
      <Part
        title="Operations it may be called with"
        rows={matrix.calledWith}
        columns={[
          ['Caller', (e) => e.pluginId],
          ['Operation', (e) => <code>{e.operation}</code>],
          ['Decision', (e) => <Verdict decision={e.decision} />],
        ]}
      />
      <Part
        title="Hosts it may reach"
        rows={matrix.egress}
        columns={[
          ['Host (any path)', (e) => <code>{e.host}</code>],
          ['Decision', (e) => <Verdict decision={e.decision} />],
          ['Secrets sent there', (e) => e.secrets.join(', ') || 'none'],
        ]}
      />
      <Part
        title="Config it may read"
        rows={matrix.config}
        columns={[
          ['Setting', (e) => <code>{e.setting}</code>],
          ['Read', (e) => (e.secret ? 'by name only (a secret)' : 'its value')],
        ]}
      />
    </>
  );
}

/**
 * "What this plugin can do": the installation's policy matrix, every entry decided by the
 * platform's policy itself (POST .../policy/simulate with all), changing nothing.
 */
export function Capabilities() {
  const { pluginId = '' } = useParams();
  const { api, tenantId } = useConsole();
  const nameOf = usePluginNames();
  const path = `/v1/tenants/${seg(tenantId)}/policy/simulate`;
  const answer = useLoad(
    () => api<SimulationAnswer>('POST', path, { principal: { installation: pluginId }, all: true }),
    `${path}#${pluginId}`,
  );
  const matrix = answer.data && 'matrix' in answer.data ? answer.data.matrix : undefined;
  return (
    <section aria-labelledby="capabilities-title">
      <h1 id="capabilities-title">What {nameOf(pluginId)} can do</h1>
      <p className="hint">
        Each entry is the platform’s policy decision for <code>{pluginId}</code> in this tenant, asked now;
        hover a decision for its reasons. Rate limits apply on top.
      </p>
      <Problem error={answer.error} />
      {matrix?.kind === 'plugin' && <Matrix matrix={matrix} />}
    </section>
  );
}
