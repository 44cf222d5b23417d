import { useState } from 'react';
import type { PermissionDiff, UpgradeAnswer } from '../../../functions/wire';
import { Problem } from '../components/Problem';
import { useConsole } from '../context';

type Changes = PermissionDiff['added'];

const KIND_WORDS: Readonly<Record<string, string>> = {
  traits: 'Traits',
  classifications: 'Data classifications',
  domains: 'Hosts it sends requests to',
  publishes: 'Events it publishes',
  subscribes: 'Events it subscribes to',
  calls: 'Operations it calls',
  exposes: 'Operations it exposes',
  secretHosts: 'Where its secrets may be sent',
  hipaaControls: 'HIPAA safeguards it states',
  auditLevel: 'Audit level it is recorded at',
  panels: 'Console panels it shows (new, or to more roles)',
};

// What a version stops stating is an assurance withdrawn, not a permission given up: said so.
const REMOVED_WORDS: Readonly<Record<string, string>> = {
  hipaaControls: 'HIPAA safeguards it no longer states',
  auditLevel: 'Audit level it was recorded at',
};

function ChangeList({
  title,
  changes,
  words,
}: {
  title: string;
  changes: Changes;
  words: typeof KIND_WORDS;
}) {
  const kinds = Object.entries(changes).filter(([, items]) => items.length > 0);
  return (
    <div>
      <h3>{title}</h3>
      {kinds.length === 0 ? (
        <p>None.</p>
      ) : (
        <ul className="permissions">
          {kinds.map(([kind, items]) => (
            <li key={kind}>
              {words[kind] ?? kind}: {items.join(', ')}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * Upgrade in two steps, as the API does it: ask first (the API answers with the permission diff and
 * applies nothing when new permissions need consent), then upgrade with consent to exactly that diff.
 */
export function Upgrade(props: {
  base: string;
  current: string;
  versions: readonly string[];
  onUpgraded: () => void;
}) {
  const { api } = useConsole();
  const others = props.versions.filter((v) => v !== props.current);
  const [version, setVersion] = useState(others[others.length - 1] ?? '');
  const [answer, setAnswer] = useState<UpgradeAnswer>();
  const [error, setError] = useState<unknown>();
  if (others.length === 0) return null;

  const send = async (consent: boolean) => {
    setError(undefined);
    try {
      const result = await api<UpgradeAnswer>('POST', `${props.base}/upgrade`, { version, consent });
      setAnswer(result);
      if (result.applied) props.onUpgraded();
    } catch (caught) {
      setError(caught);
    }
  };

  return (
    <div className="upgrade">
      <h2>Upgrade</h2>
      <label>
        To version
        <select
          value={version}
          onChange={(e) => {
            setVersion(e.target.value);
            setAnswer(undefined);
          }}
        >
          {others.map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
        </select>
      </label>
      <button type="button" onClick={() => void send(false)}>
        Upgrade
      </button>
      <Problem error={error} />
      {answer && !answer.applied && (
        <div className="diff">
          <ChangeList
            title={`New permissions ${answer.to} asks for`}
            changes={answer.diff.added}
            words={KIND_WORDS}
          />
          <ChangeList
            title="Permissions it no longer needs"
            changes={answer.diff.removed}
            words={{ ...KIND_WORDS, ...REMOVED_WORDS }}
          />
          <button type="button" className="primary" onClick={() => void send(true)}>
            Grant and upgrade to {answer.to}
          </button>
        </div>
      )}
      {answer?.applied && (
        <p role="status">
          Upgraded from {answer.from} to {answer.to}.
        </p>
      )}
    </div>
  );
}
