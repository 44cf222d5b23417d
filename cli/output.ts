import { ApiError, PlatformUnreachableError, SessionError, UsageError } from './client';

/** Documented exit codes: scripts can tell a refusal from a typo from a conflict. */
export const EXIT = {
  ok: 0,
  failed: 1,
  usage: 2,
  unauthenticated: 3,
  forbidden: 4,
  notFound: 5,
  conflict: 6,
  invalid: 7,
  unreachable: 8,
} as const;

/** The help text's and the README's list, from the same table. */
export const EXIT_CODES_TEXT =
  'Exit codes: 0 ok, 1 failed, 2 usage, 3 unauthenticated (log in again), 4 forbidden, 5 not found, 6 conflict, 7 invalid input, 8 platform unreachable.';

const colour = () => process.stdout.isTTY === true && !process.env.NO_COLOR;
const paint = (code: number, text: string) => (colour() ? `\u001b[${code}m${text}\u001b[0m` : text);

/** Lifecycle states at a glance: green running, yellow stopped or busy, red broken. */
export function state(text: string): string {
  if (text === 'Active') return paint(32, text);
  if (['Unhealthy', 'Failed'].includes(text)) return paint(31, text);
  return paint(33, text);
}

// ANSI colour codes take no room on screen; they must not count towards column widths.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the escape character is what is removed
const visible = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '').length;

/** An aligned table for people: the named columns of each row, as text. */
export function table<Row extends object>(
  rows: readonly Row[],
  columns: readonly (keyof Row & string)[],
): string {
  const cell = (row: Row, column: keyof Row & string) => String(row[column] ?? '');
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => visible(cell(r, c)))));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => cell + ' '.repeat(widths[i]! - visible(cell)))
      .join('  ')
      .trimEnd();
  return [
    line(columns.map((c) => c.toUpperCase())),
    ...rows.map((r) => line(columns.map((c) => cell(r, c)))),
  ].join('\n');
}

export function print(json: boolean, value: unknown, human: () => string): void {
  process.stdout.write(`${json ? JSON.stringify(value, null, 2) : human()}\n`);
}

/**
 * A 401 means the token in use is not (or no longer) accepted: expired, or signed by a key the
 * platform has dropped. Saying so, with the way out, beats echoing the verifier's reason alone.
 */
const sessionAdvice = (error: ApiError) =>
  error.problem.detail === 'A bearer token is required.'
    ? 'you are not logged in; run `vivified login` (locally: `vivified login --role <role>`)'
    : `your session is no longer valid (${error.message.replace(/\.$/, '')}); run \`vivified login\` (locally: \`vivified login --role <role>\`)`;

/** Reports a failure with every field error and exits with the code for its kind. */
export function fail(error: unknown): never {
  if (error instanceof UsageError) {
    process.stderr.write(`error: ${error.message}\n`);
    process.exit(EXIT.usage);
  }
  if (error instanceof PlatformUnreachableError) {
    process.stderr.write(`error: ${error.message}\n`);
    process.exit(EXIT.unreachable);
  }
  if (error instanceof SessionError) {
    process.stderr.write(`error: ${error.message}\n`);
    process.exit(EXIT.unauthenticated);
  }
  if (error instanceof ApiError && error.status === 401) {
    process.stderr.write(`error: ${sessionAdvice(error)}\n`);
    process.exit(EXIT.unauthenticated);
  }
  if (error instanceof ApiError) {
    process.stderr.write(`error: ${error.message}\n`);
    for (const field of error.problem.errors ?? [])
      process.stderr.write(`  ${field.pointer || '(body)'}: ${field.message}\n`);
    for (const reason of error.problem.reasons ?? [])
      if (reason !== error.message) process.stderr.write(`  ${reason}\n`);
    const byStatus: Record<number, number> = {
      400: EXIT.invalid,
      401: EXIT.unauthenticated,
      403: EXIT.forbidden,
      404: EXIT.notFound,
      409: EXIT.conflict,
    };
    process.exit(byStatus[error.status] ?? EXIT.failed);
  }
  process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(EXIT.failed);
}
