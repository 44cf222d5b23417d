import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** The lines of the first ```bash block after `marker` in a document, comments and blanks dropped. */
export function docBlock(file: string, marker: string): string[] {
  const text = readFileSync(file, 'utf8');
  const at = text.indexOf(marker);
  if (at < 0) throw new Error(`${file} has no ${marker}.`);
  const block = text.slice(at).match(/```bash\n([\s\S]*?)```/);
  if (!block) throw new Error(`${file} has no bash block after ${marker}.`);
  return block[1]!
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter(Boolean);
}

/** One line run by `sh` as a user's shell runs it, with only the environment given. */
export const runLine = (line: string, env: NodeJS.ProcessEnv) =>
  new Promise<{ code: number; output: string }>((resolve) =>
    execFile('sh', ['-c', line], { env, timeout: 90_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, output: stdout + stderr }),
    ),
  );
