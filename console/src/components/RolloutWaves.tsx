import type { Rollout } from '../../../functions/wire';

/** How a member's status reads at a glance, by what it asks of the operator. */
const TONE: Readonly<Record<string, 'ok' | 'busy' | 'warn' | 'bad' | 'idle'>> = {
  pending: 'idle',
  upgrading: 'busy',
  upgraded: 'ok',
  waiting_for_consent: 'warn',
  rolling_back: 'busy',
  rolled_back: 'idle',
  uninstalled: 'idle',
  failed: 'bad',
};

const waveState = (rollout: Rollout, wave: number) =>
  wave < rollout.wave ? 'done' : wave === rollout.wave ? rollout.phase.replaceAll('_', ' ') : 'not started';

/** Each wave with its plan and its members: the tenant, the version it came from, where it stands. */
export function RolloutWaves({ rollout }: { rollout: Rollout }) {
  return (
    <>
      {rollout.plan.waves.map((plan, wave) => {
        const members = rollout.members.filter((member) => member.wave === wave);
        const title = `Wave ${wave + 1}`;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: waves are positions in the plan, never reordered.
          <section key={wave} aria-label={title} data-wave={wave + 1}>
            <h2>
              {title}{' '}
              <span className="hint">
                {waveState(rollout, wave)} · {plan.size} installation(s), soak {plan.soakSeconds} s
              </span>
            </h2>
            {members.length === 0 ? (
              <p>No installations in this wave.</p>
            ) : (
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Tenant</th>
                      <th scope="col">From</th>
                      <th scope="col">Status</th>
                      <th scope="col">Last error</th>
                    </tr>
                  </thead>
                  <tbody>
                    {members.map((member) => (
                      <tr key={member.tenantId}>
                        <td data-label="Tenant">{member.tenantId}</td>
                        <td data-label="From">{member.fromVersion}</td>
                        <td data-label="Status">
                          <span
                            className={`badge badge-${TONE[member.status] ?? 'idle'}`}
                            data-member-status={member.status}
                          >
                            {member.status.replaceAll('_', ' ')}
                          </span>
                          {member.failures ? ` (${member.failures} failed)` : ''}
                        </td>
                        <td data-label="Last error">{member.lastError ?? ''}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        );
      })}
    </>
  );
}
