import { type FormEvent, useId, useState } from 'react';
import { CANONICAL_MODEL_SCHEMAS } from '../../../core/canonical/schemas';
import type { SubscriberBody } from '../../../functions/wire';
import { ApiProblem } from '../api';
import { Problem } from './Problem';

// The platform's canonical types, read from the schemas the API checks against (the data-only
// module, so the console does not load the lane's validators), sorted as the API lists them.
const EVENT_TYPES = CANONICAL_MODEL_SCHEMAS.map((schema) => schema['x-event-type']).sort();

type Clearance = NonNullable<SubscriberBody['clearance']>[number];
const CLEARANCES: ReadonlyArray<[Clearance, string]> = [
  ['pii', 'Personal data (PII)'],
  ['phi', 'Protected health information (PHI)'],
];

// The body's fields, which the form places errors next to; any other pointer goes on top.
const FIELDS = ['/busArn', '/types', '/clearance'] as const;

/** The add-a-subscriber form; the API's field errors are shown next to their fields. */
export function SubscriberForm({ onAdd }: { onAdd: (body: SubscriberBody) => Promise<void> }) {
  const formId = useId();
  const [busArn, setBusArn] = useState('');
  const [types, setTypes] = useState<string[]>([]);
  const [clearance, setClearance] = useState<Clearance[]>([]);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const problem = error instanceof ApiProblem ? error : undefined;
  const errorsAt = (pointer: string) => problem?.errorsAt(pointer) ?? [];
  const unplaced = problem?.errors.filter(
    (e) => !FIELDS.some((f) => e.pointer === f || e.pointer.startsWith(`${f}/`)),
  );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      // Sent as chosen, even when empty: the API says what is wrong, at its pointer.
      await onAdd({ busArn: busArn.trim(), types, ...(clearance.length > 0 ? { clearance } : {}) });
      setBusArn('');
      setTypes([]);
      setClearance([]);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const toggle = <T,>(list: T[], value: T, on: boolean) =>
    on ? [...list, value] : list.filter((v) => v !== value);
  const errorText = (pointer: string, id: string) => {
    const found = errorsAt(pointer);
    if (found.length === 0) return null;
    return (
      <p className="field-error" id={id}>
        {found
          // An error about one chosen type names it: `/types/1` is the second one sent.
          .map((e) => {
            const index = /^\/types\/(\d+)$/.exec(e.pointer)?.[1];
            return index === undefined ? e.message : `${types[Number(index)] ?? e.pointer} ${e.message}`;
          })
          .join('; ')}
      </p>
    );
  };
  const invalid = (pointer: string) => errorsAt(pointer).length > 0;

  return (
    <form noValidate onSubmit={(e) => void submit(e)}>
      {error !== undefined && (
        <Problem
          error={
            problem ? new ApiProblem(problem.status, problem.code, problem.detail, unplaced ?? []) : error
          }
        />
      )}
      <div className={`field${invalid('/busArn') ? ' invalid' : ''}`}>
        <label htmlFor={`${formId}-bus`}>
          Bus ARN<span aria-hidden="true"> *</span>
        </label>
        <input
          id={`${formId}-bus`}
          name="busArn"
          type="text"
          autoComplete="off"
          spellCheck={false}
          placeholder="arn:aws:events:eu-west-1:111122223333:event-bus/partner"
          value={busArn}
          disabled={busy}
          aria-required
          aria-invalid={invalid('/busArn') || undefined}
          aria-describedby={`${formId}-bus-hint${invalid('/busArn') ? ` ${formId}-bus-error` : ''}`}
          onChange={(e) => setBusArn(e.target.value)}
        />
        <p className="hint" id={`${formId}-bus-hint`}>
          An EventBridge bus, usually in another AWS account.
        </p>
        {errorText('/busArn', `${formId}-bus-error`)}
      </div>
      <fieldset
        className={`field choices${invalid('/types') ? ' invalid' : ''}`}
        aria-invalid={invalid('/types') || undefined}
        aria-describedby={invalid('/types') ? `${formId}-types-error` : undefined}
      >
        <legend>
          Event types<span aria-hidden="true"> *</span>
        </legend>
        {EVENT_TYPES.map((type) => (
          <div className="field checkbox" key={type}>
            <input
              id={`${formId}-type-${type}`}
              type="checkbox"
              checked={types.includes(type)}
              disabled={busy}
              onChange={(e) => setTypes(toggle(types, type, e.target.checked))}
            />
            <label htmlFor={`${formId}-type-${type}`}>{type}</label>
          </div>
        ))}
        {errorText('/types', `${formId}-types-error`)}
      </fieldset>
      <fieldset
        className={`field choices${invalid('/clearance') ? ' invalid' : ''}`}
        aria-describedby={`${formId}-clearance-hint${invalid('/clearance') ? ` ${formId}-clearance-error` : ''}`}
      >
        <legend>Personal data it may receive</legend>
        {CLEARANCES.map(([value, label]) => (
          <div className="field checkbox" key={value}>
            <input
              id={`${formId}-clearance-${value}`}
              type="checkbox"
              checked={clearance.includes(value)}
              disabled={busy}
              onChange={(e) => setClearance(toggle(clearance, value, e.target.checked))}
            />
            <label htmlFor={`${formId}-clearance-${value}`}>{label}</label>
          </div>
        ))}
        <p className="hint" id={`${formId}-clearance-hint`}>
          Unchecked, those fields are removed from the copies it receives (the redaction view).
        </p>
        {errorText('/clearance', `${formId}-clearance-error`)}
      </fieldset>
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Adding…' : 'Add subscriber'}
        </button>
      </div>
    </form>
  );
}
