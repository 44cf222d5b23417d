/** The process events `vivified dev` answers (Node's `process`, or a stand-in in tests). */
export interface GuardedProcess {
  on(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
  on(event: 'uncaughtException', listener: (error: Error) => void): unknown;
  on(event: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
}

const traceOf = (reason: unknown) =>
  reason instanceof Error ? (reason.stack ?? `${reason.name}: ${reason.message}`) : String(reason);

/**
 * What keeps one bad request from ending `vivified dev` and orphaning what it started. A promise
 * rejected with no handler (a server, a timer, a plugin's supervision) is logged with its trace and
 * the platform runs on: Node's default would end the process, leaving the emulators and the
 * plugin processes running with no parent. An uncaught exception is different — Node documents
 * that the process is in an undefined state after one — so it is logged and then `stop` shuts down
 * what the command started before the process exits with 1. Signals stop it with 0.
 */
export function guardDevProcess(options: {
  readonly process: GuardedProcess;
  readonly say: (line: string) => void;
  /** Stops what the command started, then ends the process with this code. */
  readonly stop: (reason: string, exitCode: number) => Promise<void>;
}): void {
  const { say, stop } = options;
  options.process.on('unhandledRejection', (reason) => {
    say(`unhandled rejection (the platform keeps running): ${traceOf(reason)}`);
  });
  options.process.on('uncaughtException', (error) => {
    say(`uncaught exception, stopping: ${traceOf(error)}`);
    void stop('uncaught exception', 1);
  });
  options.process.on('SIGINT', () => void stop('SIGINT', 0));
  options.process.on('SIGTERM', () => void stop('SIGTERM', 0));
}
