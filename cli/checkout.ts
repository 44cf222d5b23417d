import { join, resolve } from 'node:path';

/**
 * The checkout the `vivified` command runs from (this file is `<checkout>/cli/checkout.ts`).
 * `vivified dev` keeps its state there and `login` reads it there, so both work from any
 * directory — a plugin's own folder included — not only from the repository root.
 */
export const CHECKOUT = resolve(__dirname, '..');

/** A path under the checkout's `.localstack/` (git-ignored): tokens, keys, plugin logs. */
export const localState = (...parts: string[]) => join(CHECKOUT, '.localstack', ...parts);
