import { type FormEvent, useId, useState } from 'react';
import type { ConfigView } from '../../../functions/wire';
import { ApiProblem } from '../api';
import { Problem } from './Problem';

/** One top-level setting of a plugin's config schema (the JSON Schema the manifest declares). */
interface Setting {
  readonly type?: string | string[];
  readonly enum?: readonly unknown[];
  readonly title?: string;
  readonly description?: string;
  readonly default?: unknown;
  readonly 'x-secret'?: boolean;
}

export interface ConfigSchema {
  readonly properties?: Readonly<Record<string, Setting>>;
  readonly required?: readonly string[];
}

interface ConfigFormProps {
  readonly schema: ConfigSchema;
  /** Current plain values; secrets appear only as set or not set. */
  readonly values: Readonly<Record<string, unknown>>;
  readonly secrets: ConfigView['secrets'];
  readonly readOnly?: boolean;
  /** Saves and answers with the secrets' new set / not-set state. */
  readonly onSave: (values: Record<string, unknown>) => Promise<ConfigView['secrets']>;
}

/** Where a secret goes, beside its field: the tenant is about to hand it over. */
const destination = (secret: ConfigView['secrets'][number] | undefined): string =>
  !secret
    ? ''
    : secret.declared
      ? ` Sent only to ${secret.sentTo.join(', ')}.`
      : secret.sentTo.length > 0
        ? ' Sent to any allowlisted host.'
        : ' Sent nowhere: the plugin has no allowlisted host.';

const typeOf = (setting: Setting) => (Array.isArray(setting.type) ? setting.type[0] : setting.type);
const isStructured = (setting: Setting) => ['object', 'array'].includes(typeOf(setting) ?? '');

function initialText(setting: Setting, value: unknown): string {
  if (value === undefined) return '';
  if (isStructured(setting)) return JSON.stringify(value, null, 2);
  return String(value);
}

/**
 * Turns what was typed into the value the schema's type expects. The browser does not validate
 * (the form is `noValidate`): the API checks every value against the schema and its messages are
 * shown next to their fields, so the console never disagrees with the server.
 */
function parse(setting: Setting, text: string): unknown {
  const type = typeOf(setting);
  if ((type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?(e-?\d+)?$/i.test(text.trim()))
    return Number(text);
  if (isStructured(setting)) {
    try {
      return JSON.parse(text);
    } catch {
      return text; // sent as typed: the API names the field that is not an object or array
    }
  }
  return text;
}

/** A form generated from the config schema: one labelled field per setting, secrets write-only. */
export function ConfigForm({ schema, values, secrets, readOnly, onSave }: ConfigFormProps) {
  const formId = useId();
  const settings = Object.entries(schema.properties ?? {});
  const [secretState, setSecretState] = useState(secrets);
  const secretSet = new Map(secretState.map((s) => [s.name, s.set]));
  const secretOf = new Map(secretState.map((s) => [s.name, s]));
  const [text, setText] = useState<Record<string, string>>(() =>
    Object.fromEntries(
      settings.map(([name, s]) => [name, s['x-secret'] ? '' : initialText(s, values[name])]),
    ),
  );
  const [flags, setFlags] = useState<Record<string, boolean>>(() =>
    Object.fromEntries(settings.map(([name]) => [name, values[name] === true])),
  );
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const problem = error instanceof ApiProblem ? error : undefined;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const next: Record<string, unknown> = {};
    for (const [name, setting] of settings) {
      if (typeOf(setting) === 'boolean') next[name] = flags[name] ?? false;
      // An empty secret keeps the stored one; an empty setting is left out (its default applies).
      else if (text[name] !== '' && text[name] !== undefined) next[name] = parse(setting, text[name]);
    }
    setBusy(true);
    setSaved(false);
    setError(undefined);
    try {
      setSecretState(await onSave(next));
      setSaved(true);
      setText((current) => {
        const cleared = { ...current };
        for (const [name, s] of settings) if (s['x-secret']) cleared[name] = '';
        return cleared;
      });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  // Field errors go next to their fields; anything else (or a field the form lacks) goes on top.
  const unplaced = problem?.errors.filter((e) => !settings.some(([name]) => e.pointer === `/values/${name}`));

  return (
    <form noValidate onSubmit={(e) => void submit(e)} aria-describedby={`${formId}-status`}>
      {error !== undefined && (
        <Problem
          error={
            problem ? new ApiProblem(problem.status, problem.code, problem.detail, unplaced ?? []) : error
          }
        />
      )}
      {settings.length === 0 && <p>This plugin has no settings.</p>}
      {settings.map(([name, setting]) => {
        const id = `${formId}-${name}`;
        const fieldErrors = problem?.errorsAt(`/values/${name}`) ?? [];
        const required = schema.required?.includes(name) ?? false;
        const secret = setting['x-secret'] === true;
        const hint = secret
          ? (secretSet.get(name)
              ? 'Set. Leave blank to keep it; the value is never shown.'
              : 'Not set. Write-only: the value is never shown.') + destination(secretOf.get(name))
          : setting.description;
        const describedBy = [hint && `${id}-hint`, fieldErrors.length > 0 && `${id}-error`]
          .filter(Boolean)
          .join(' ');
        const common = {
          id,
          name,
          disabled: readOnly || busy,
          'aria-invalid': fieldErrors.length > 0 || undefined,
          'aria-describedby': describedBy || undefined,
          'aria-required': required || undefined,
        };
        const type = typeOf(setting);
        return (
          <div className={`field${fieldErrors.length > 0 ? ' invalid' : ''}`} key={name}>
            <label htmlFor={id}>
              {setting.title ?? name}
              {required && <span aria-hidden="true"> *</span>}
            </label>
            {type === 'boolean' ? (
              <input
                {...common}
                type="checkbox"
                checked={flags[name] ?? false}
                onChange={(e) => setFlags({ ...flags, [name]: e.target.checked })}
              />
            ) : setting.enum ? (
              <select
                {...common}
                value={text[name] ?? ''}
                onChange={(e) => setText({ ...text, [name]: e.target.value })}
              >
                <option value="">(not set)</option>
                {setting.enum.map((option) => (
                  <option key={String(option)} value={String(option)}>
                    {String(option)}
                  </option>
                ))}
              </select>
            ) : isStructured(setting) ? (
              <textarea
                {...common}
                rows={4}
                value={text[name] ?? ''}
                onChange={(e) => setText({ ...text, [name]: e.target.value })}
              />
            ) : (
              <input
                {...common}
                type={secret ? 'password' : type === 'integer' || type === 'number' ? 'number' : 'text'}
                autoComplete={secret ? 'new-password' : 'off'}
                placeholder={secret && secretSet.get(name) ? '••••••••' : undefined}
                value={text[name] ?? ''}
                onChange={(e) => setText({ ...text, [name]: e.target.value })}
              />
            )}
            {hint && (
              <p className="hint" id={`${id}-hint`}>
                {hint}
              </p>
            )}
            {fieldErrors.length > 0 && (
              <p className="field-error" id={`${id}-error`}>
                {fieldErrors.map((e) => e.message).join('; ')}
              </p>
            )}
          </div>
        );
      })}
      {!readOnly && (
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Saving…' : 'Save settings'}
          </button>
        </div>
      )}
      <p id={`${formId}-status`} role="status" className="status">
        {saved ? 'Settings saved.' : ''}
      </p>
    </form>
  );
}
