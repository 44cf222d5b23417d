import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const SDK_NODE = join(import.meta.dirname, '..');
const run = promisify(execFile);

interface Packed {
  files: { path: string }[];
}

/*
 * What `npm pack` in sdk/node publishes: the built ESM bundle and its bundled declarations
 * (the prepack script builds them), never the TypeScript sources or files of the monorepo.
 */
describe('the Node SDK as npm packs it', () => {
  let packed: Packed;
  const manifest = JSON.parse(readFileSync(join(SDK_NODE, 'package.json'), 'utf8'));

  beforeAll(async () => {
    const { stdout } = await run('npm', ['pack', '--dry-run', '--json'], { cwd: SDK_NODE });
    packed = (JSON.parse(stdout) as Packed[])[0]!;
  }, 240_000);

  it('holds the built JavaScript and declarations its exports point at, and no sources', () => {
    const paths = packed.files.map((file) => file.path).sort();
    expect(paths).toEqual(['README.md', 'dist/index.d.ts', 'dist/index.js', 'package.json']);
    expect(manifest.exports['.']).toEqual({ types: './dist/index.d.ts', import: './dist/index.js' });
    expect([manifest.main, manifest.types]).toEqual(['./dist/index.js', './dist/index.d.ts']);
  });

  it('is self-contained: the route table and wire types are inlined, only its peers are imported', () => {
    const javascript = readFileSync(join(SDK_NODE, 'dist/index.js'), 'utf8');
    const declarations = readFileSync(join(SDK_NODE, 'dist/index.d.ts'), 'utf8');
    const imported = (code: string) =>
      [...code.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]/g)].map((m) => m[1]);
    expect(new Set(imported(javascript))).toEqual(
      new Set(['@aws-sdk/client-sqs', 'jose', 'node:crypto', 'node:http']),
    );
    expect(imported(declarations).every((from) => !from!.startsWith('.'))).toBe(true);
    expect(declarations).toContain('export declare function createPlugin(');
    expect(declarations).toContain('export declare class VivifiedError');
    expect(declarations).toContain('export interface ReplayCacheOptions');
    // Every type is named: chaining `on` and `expose` keeps its types for a consumer.
    expect(declarations).not.toMatch(/[:<|,]\s*any\b/);
  });

  it('runs as built: a fresh Node process imports it and creates a plugin', async () => {
    const entry = pathToFileURL(join(SDK_NODE, manifest.exports['.'].import)).href;
    const script = `
      const sdk = await import(${JSON.stringify(entry)});
      try { sdk.createPlugin({ manifest: { id: 'p', version: '1', runtime: {} } }); }
      catch (error) { console.log(error.message); }
      console.log(typeof sdk.OperationError, new sdk.PolicyDeniedError({ status: 403 }).status);
    `;
    const { stdout } = await run('node', ['--input-type=module', '-e', script], {
      cwd: SDK_NODE,
      env: { PATH: process.env.PATH },
    });
    expect(stdout.trim().split('\n')).toEqual([
      'VIVIFIED_API_URL is not set: is this process running as a Vivified installation?',
      'function 403',
    ]);
  });
});
