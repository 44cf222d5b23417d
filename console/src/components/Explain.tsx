import { useState } from 'react';
import type { Explanation } from '../../../functions/wire';
import { seg } from '../api';
import { useConsole } from '../context';
import { Problem } from './Problem';

const verdict = (same: boolean) => (same ? 'the same decision' : 'a different decision');

/** An audit row's "Explain": asks the platform why the record decided as it did, and shows it. */
export function Explain({ seq }: { seq: number }) {
  const { api, tenantId } = useConsole();
  const [explanation, setExplanation] = useState<Explanation>();
  const [error, setError] = useState<unknown>();
  const explain = async () => {
    setError(undefined);
    try {
      setExplanation(await api<Explanation>('GET', `/v1/tenants/${seg(tenantId)}/audit/${seq}/explain`));
    } catch (caught) {
      setError(caught);
    }
  };
  if (!explanation && !error)
    return (
      <button
        type="button"
        className="link"
        aria-label={`Explain record ${seq}`}
        onClick={() => void explain()}
      >
        Explain
      </button>
    );
  return (
    <div className="explanation" role="status" aria-label={`Explanation of record ${seq}`}>
      <Problem error={error} />
      {explanation?.replay && (
        <p>
          Asked again with the recorded inputs: <strong>{explanation.replay.decision.effect}</strong> (
          {explanation.replay.decision.rule}), {verdict(explanation.replay.same)}.
        </p>
      )}
      {explanation?.replay?.decision.reasons.map((reason) => (
        <p key={reason} className="muted">
          {reason}
        </p>
      ))}
      {explanation?.today && (
        <p>
          With today’s facts ({explanation.today.facts.join('; ')}):{' '}
          <strong>{explanation.today.decision.effect}</strong>, {verdict(explanation.today.same)}.
        </p>
      )}
      {explanation?.unexplained && <p>Not asked again: {explanation.unexplained}</p>}
    </div>
  );
}
