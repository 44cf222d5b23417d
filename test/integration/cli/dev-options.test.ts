import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// `vivified dev` refuses a bad option before it starts anything: no emulator, no port taken.
describe('vivified dev, run as a real binary with a bad option', () => {
  const dev = (args: string[], env: Record<string, string> = {}) =>
    new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        ['cli/bin/vivified.cjs', 'dev', ...args],
        { env: { PATH: process.env.PATH, NO_COLOR: '1', ...env }, timeout: 30_000 },
        (error, _stdout, stderr) =>
          resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stderr }),
      );
    });

  it('refuses a receive limit outside SQS range, from the option or the environment, with exit 2', async () => {
    const zero = await dev(['--max-receives', '0']);
    const fraction = await dev([], { VIVIFIED_MAX_RECEIVE_COUNT: '2.5' });
    const tooMany = await dev(['--max-receives', '1001']);

    for (const refused of [zero, fraction, tooMany]) {
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/--max-receives.*must be a whole number from 1 to 1000/);
      expect(refused.stderr).not.toMatch(/provisioning/);
    }
    expect(fraction.stderr).toContain('not 2.5');
  });
});
