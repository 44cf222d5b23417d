import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  GENERATE_COMMAND,
  GENERATED_DIRECTORIES,
  generateValidatorFiles,
} from '../../../scripts/validator-modules';

// The generated validators are committed, so a schema changed without regenerating would ship
// the old rules. Regenerated in memory, every file must be byte for byte what is committed.

const root = join(__dirname, '..', '..', '..');
const files = generateValidatorFiles();

describe('the generated validators are up to date', () => {
  it.each(files.map((file) => [file.path, file] as const))('%s', (path, { text }) => {
    expect(readFileSync(join(root, path), 'utf8'), `${path} is stale: run ${GENERATE_COMMAND}`).toBe(text);
  });

  it('the generated directories hold nothing else', () => {
    const present = GENERATED_DIRECTORIES.flatMap((directory) =>
      readdirSync(join(root, directory)).map((name) => `${directory}/${name}`),
    );
    expect(present.sort(), `left over from an older generation: run ${GENERATE_COMMAND}`).toEqual(
      files.map(({ path }) => path).sort(),
    );
  });
});
