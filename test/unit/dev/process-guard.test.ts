import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { guardDevProcess } from '../../../cli/dev/process-guard';

function guarded() {
  const process = new EventEmitter();
  const said: string[] = [];
  const stop = vi.fn(async (_reason: string, _exitCode: number) => undefined);
  guardDevProcess({ process, say: (line) => said.push(line), stop });
  return { process, said, stop };
}

describe('the dev process guard', () => {
  it('logs an unhandled rejection with its trace and keeps the platform running', () => {
    const { process, said, stop } = guarded();
    const reason = new TypeError('Invalid URL');
    process.emit('unhandledRejection', reason);
    expect(said).toEqual([expect.stringContaining('unhandled rejection (the platform keeps running)')]);
    expect(said[0]).toContain(reason.stack!.split('\n')[1]!.trim());
    expect(stop).not.toHaveBeenCalled();
  });

  it('names a rejection that is not an Error by its value', () => {
    const { process, said } = guarded();
    process.emit('unhandledRejection', 'upstream went away');
    expect(said).toEqual([expect.stringContaining('upstream went away')]);
  });

  it('stops what the command started after an uncaught exception, ending with 1', () => {
    const { process, said, stop } = guarded();
    process.emit('uncaughtException', new RangeError('broken state'));
    expect(said[0]).toContain('RangeError: broken state');
    expect(stop).toHaveBeenCalledWith('uncaught exception', 1);
  });

  it('stops with 0 on SIGINT and SIGTERM', () => {
    const { process, stop } = guarded();
    process.emit('SIGINT');
    process.emit('SIGTERM');
    expect(stop.mock.calls).toEqual([
      ['SIGINT', 0],
      ['SIGTERM', 0],
    ]);
  });
});
