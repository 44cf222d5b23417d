import { ValidationError } from '../../core/errors';

/** `{{secret:name}}`: a reference to one of the installation's sealed config secrets. */
const REFERENCE = /\{\{secret:([A-Za-z0-9_.-]{1,64})\}\}/g;

/** The names of the secrets a text refers to. */
export const referencedSecrets = (texts: readonly (string | undefined)[]): string[] =>
  [...new Set(texts.flatMap((text) => [...(text ?? '').matchAll(REFERENCE)].map((m) => m[1]!)))].sort();

/**
 * Replaces secret references with their values. Unknown names are refused (400) rather than sent
 * verbatim, so a typo never leaks a reference — or an empty credential — to a third party.
 */
export function injectSecrets(text: string, secrets: ReadonlyMap<string, string>, pointer: string): string {
  return text.replace(REFERENCE, (_, name: string) => {
    const value = secrets.get(name);
    if (value === undefined) {
      throw new ValidationError('The request refers to a secret that is not set.', [
        { pointer, message: `refers to secret ${name}, which this installation's config does not have` },
      ]);
    }
    return value;
  });
}

/** Removes every occurrence of the secret values, so an upstream that echoes them cannot hand them back. */
export function scrubSecrets(text: string, secrets: ReadonlyMap<string, string>): string {
  let scrubbed = text;
  for (const value of secrets.values()) if (value.length >= 4) scrubbed = scrubbed.split(value).join('***');
  return scrubbed;
}
