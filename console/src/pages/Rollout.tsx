import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { commandFits } from '../../../core/rollout/command-phases';
import type { Rollout as RolloutView } from '../../../functions/wire';
import { can } from '../access';
import { ApiProblem, seg } from '../api';
import { Problem } from '../components/Problem';
import { RolloutCommands } from '../components/RolloutCommands';
import { RolloutWaves } from '../components/RolloutWaves';
import { useConsole, useLoad } from '../context';
import { usePluginNames } from '../plugin-names';

/** Phases in which the runner still takes steps: the page follows them as they happen. */
const MOVING: readonly string[] = ['pending', 'upgrading', 'soaking', 'rolling_back'];
const FOLLOW_MS = 2000;

/** A plugin's latest rollout for the platform admin: where it stands, its waves, gates and commands. */
export function Rollout() {
  const { pluginId = '' } = useParams();
  const { api, session } = useConsole();
  const nameOf = usePluginNames();
  const path = `/v1/plugins/${seg(pluginId)}/rollout`;
  const loaded = useLoad(() => api<RolloutView>('GET', path), path);
  const [shown, setShown] = useState<RolloutView>();
  const [error, setError] = useState<unknown>();
  // A command's answer is the rollout after it: shown at once, until the next read replaces it.
  const rollout = shown && loaded.data && shown.rev > loaded.data.rev ? shown : loaded.data;
  const { reload } = loaded;

  useEffect(() => {
    if (!rollout || !MOVING.includes(rollout.phase)) return;
    const timer = setInterval(reload, FOLLOW_MS);
    return () => clearInterval(timer);
  }, [rollout, reload]);

  const none = loaded.error instanceof ApiProblem && loaded.error.status === 404;
  const give = async (command: string) => {
    setError(undefined);
    try {
      setShown(await api<RolloutView>('POST', `${path}/${command}`));
      reload();
    } catch (caught) {
      setError(caught);
    }
  };

  return (
    <section aria-labelledby="rollout-title">
      <h1 id="rollout-title">Rollout of {nameOf(pluginId)}</h1>
      <p className="hint">
        <code>{pluginId}</code> · <Link to={`/marketplace/${seg(pluginId)}`}>Plugin page</Link>
      </p>
      {none ? (
        <p>
          {pluginId} has no rollout. Start one with{' '}
          <code>vivified plugins rollout start {pluginId} VERSION --tenants a,b --wave 1:60</code>.
        </p>
      ) : (
        <Problem error={loaded.error} />
      )}
      <Problem error={error} />
      {rollout && (
        <>
          <dl className="facts">
            <dt>Version</dt>
            <dd>{rollout.plan.version}</dd>
            <dt>Phase</dt>
            <dd>
              <span className="badge" data-phase={rollout.phase}>
                {rollout.phase.replaceAll('_', ' ')}
              </span>{' '}
              wave {rollout.wave + 1} of {rollout.plan.waves.length}
              {rollout.soakUntil && rollout.phase === 'soaking' && (
                <> · soaking until {new Date(rollout.soakUntil).toLocaleString()}</>
              )}
            </dd>
            {rollout.haltReason && (
              <>
                <dt>Why it stopped</dt>
                <dd data-halt-reason>{rollout.haltReason}</dd>
              </>
            )}
            <dt>Started</dt>
            <dd>
              {new Date(rollout.startedAt).toLocaleString()} by {rollout.startedBy}
            </dd>
            <dt>Gates</dt>
            <dd>
              <ul className="reasons" aria-label="Gates">
                <li>
                  at most {rollout.plan.gates.maxUnhealthy} unhealthy installation(s) on the new version
                </li>
                <li>at most {rollout.plan.gates.maxDeadLetters} dead-lettered event(s), summed</li>
                <li>
                  lane error rate at most {(rollout.plan.gates.errorRateMargin * 100).toFixed(1)} points above
                  the old version’s
                </li>
              </ul>
              <span className="hint">
                Checked on every step over the installations upgraded so far; a failed gate halts and rolls
                back, and its reason above says what it saw.
              </span>
            </dd>
          </dl>
          {can(session, 'catalog.rollout.control') && (
            <RolloutCommands fits={(command) => commandFits(command, rollout.phase)} onCommand={give} />
          )}
          <RolloutWaves rollout={rollout} />
        </>
      )}
    </section>
  );
}
