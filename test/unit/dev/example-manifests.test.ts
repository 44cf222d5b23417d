import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { exampleManifests } from '../../../cli/dev/demo';

describe('the demo’s example manifests', () => {
  it('reads each folder’s manifest.json, or else its manifest.yaml or .yml, and reports each file that does not parse', () => {
    const root = mkdtempSync(join(tmpdir(), 'vivified-examples-'));
    const folder = (name: string, files: Record<string, string>) => {
      mkdirSync(join(root, name));
      for (const [file, text] of Object.entries(files)) writeFileSync(join(root, name, file), text);
    };
    folder('a-json', { 'manifest.json': JSON.stringify({ id: 'a-json' }), 'manifest.yaml': 'id: ignored\n' });
    folder('b-yaml', { 'manifest.yaml': stringify({ id: 'b-yaml', traits: ['read_only'] }) });
    folder('c-yml', { 'manifest.yml': 'id: c-yml\n' });
    folder('d-broken', { 'manifest.yaml': 'id: [d\n' });
    folder('e-none', { 'README.md': '# no manifest\n' });

    const examples = exampleManifests(root);

    expect(examples.manifests.map((m) => m.id)).toEqual(['a-json', 'b-yaml', 'c-yml']);
    // What does not parse is not dropped silently: the demo names the file and why.
    expect(examples.unreadable).toEqual([
      { file: join(root, 'd-broken', 'manifest.yaml'), reason: expect.stringContaining('d-broken') },
    ]);
    expect(exampleManifests(join(root, 'absent'))).toEqual({ manifests: [], unreadable: [] });
  });
});
