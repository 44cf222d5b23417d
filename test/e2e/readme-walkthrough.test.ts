import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningDev, startDevProcess } from './support/dev-process';

// The README's CLI walkthrough, run literally, line by line, as a new user types it against
// `vivified dev --demo` — only the endpoint (a free port) and the profile's home are this test's.
const MARKER = '<!-- walkthrough:';

function walkthrough(): string[] {
  const readme = readFileSync('README.md', 'utf8');
  const block = readme.slice(readme.indexOf(MARKER)).match(/```bash\n([\s\S]*?)```/);
  if (!block) throw new Error('The README has no walkthrough block after its marker.');
  return block[1]!
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter(Boolean);
}

describe('the README’s CLI walkthrough', () => {
  let dev: RunningDev;
  const home = mkdtempSync(join(tmpdir(), 'vivified-walkthrough-'));

  beforeAll(async () => {
    dev = await startDevProcess();
  });
  afterAll(() => dev?.stop());

  it('runs as written, every command exiting 0', async () => {
    const lines = walkthrough();
    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines) {
      const run = await new Promise<{ code: number; output: string }>((resolve) =>
        execFile(
          'sh',
          ['-c', line],
          {
            env: { PATH: process.env.PATH, HOME: home, VIVIFIED_ENDPOINT: dev.url, NO_COLOR: '1' },
            timeout: 90_000,
          },
          (error, stdout, stderr) =>
            resolve({
              code: error ? Number((error as { code?: number }).code ?? 1) : 0,
              output: stdout + stderr,
            }),
        ),
      );
      expect(run.code, `${line}\n${run.output}`).toBe(0);
    }
  });
});
