/** A problem with a command's input rather than with the platform: said once, with its exit code. */
export class InputProblem extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

/** Reports an InputProblem (as JSON with --json) and sets its exit code; anything else is rethrown. */
export function answerInputProblem(error: unknown, json: boolean): void {
  if (!(error instanceof InputProblem)) throw error;
  if (json) process.stdout.write(`${JSON.stringify({ error: error.message }, null, 2)}\n`);
  else process.stderr.write(`error: ${error.message}\n`);
  process.exitCode = error.exitCode;
}
