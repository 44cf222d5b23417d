import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/*
 * The direction of every dependency, as docs/architecture.md draws it, held by reading each
 * file's imports (TypeScript's own pre-processor: static, re-exported, dynamic and type imports
 * alike). A layer lists what it may import; anything else fails, naming the file and the import.
 */

const ROOT = resolve(__dirname, '../../..');

interface Layer {
  /** Files of the layer: a folder (prefix) under the repository. */
  readonly files: readonly string[];
  /** Repository paths (prefixes) its relative imports may reach. */
  readonly mayImport: readonly string[];
  /** Packages it may import (exact names or prefixes ending in `/`); others are refused. Omitted: any package. */
  readonly packages?: readonly string[];
  /** Packages it may never import, where any other package is allowed. */
  readonly refusedPackages?: readonly string[];
}

const SERVER_PACKAGES = [
  '@aws-sdk/',
  '@aws-crypto/',
  '@smithy/',
  '@middy/',
  '@aws-lambda-powertools/',
  'aws-lambda',
];

const LAYERS: Record<string, Layer> = {
  // The domain: pure, no AWS, no HTTP, no I/O; only small pure libraries.
  core: {
    files: ['core/'],
    mayImport: ['core/', 'schemas/'],
    packages: [
      'ajv',
      'ajv/',
      'ajv-formats',
      'semver/',
      'canonicalize',
      'ipaddr.js',
      'node:crypto',
      'node:url',
      'node:buffer',
    ],
  },
  // The application: each lane and lifecycle action, on core's ports only (no AWS, no HTTP).
  application: {
    files: ['application/'],
    mayImport: ['application/', 'core/', 'schemas/'],
    refusedPackages: [...SERVER_PACKAGES, '@aws-lambda-powertools/'],
  },
  // Adapters implement core's ports; they never reach up into handlers, tooling or the CDK app.
  // The one exception: the host verifies operator calls with the Node SDK's verifier, so the
  // two cannot drift (the SDK module depends on core alone).
  adapters: {
    files: ['adapters/'],
    mayImport: ['adapters/', 'core/', 'schemas/', 'sdk/node/src/operator-verify.ts'],
  },
  // The wire contract and the route table: what clients share with the server, so no server code.
  wire: {
    files: ['functions/wire/', 'functions/routes.ts'],
    mayImport: ['functions/wire/', 'functions/routes.ts', 'core/'],
    refusedPackages: SERVER_PACKAGES,
  },
  // Handlers: parse, call the application, answer; composed from adapters.
  functions: {
    files: ['functions/'],
    mayImport: ['functions/', 'application/', 'core/', 'adapters/', 'schemas/'],
  },
  // The CDK app reads the deploy contract, the route table and the roles; never handler code.
  lib: {
    files: ['lib/', 'bin/'],
    mayImport: [
      'lib/',
      'core/',
      'adapters/aws/deploy-contract.ts',
      'adapters/identity/user-tokens.ts',
      'functions/routes.ts',
    ],
  },
  // Clients of the API: the console and the plugin SDK speak the wire contract only.
  console: {
    files: ['console/src/'],
    mayImport: ['console/', 'core/', 'functions/wire/', 'functions/routes.ts'],
    refusedPackages: SERVER_PACKAGES,
  },
  sdk: {
    files: ['sdk/node/src/'],
    mayImport: ['sdk/node/', 'core/lanes/operator-claims.ts', 'functions/wire/', 'functions/routes.ts'],
  },
  // The CLI composes the local platform (cli/dev) but never the CDK app, the tests or the benchmarks.
  cli: {
    files: ['cli/'],
    mayImport: ['cli/', 'core/', 'adapters/', 'functions/', 'application/', 'schemas/', 'localstack/'],
  },
};

function sourceFiles(prefix: string): string[] {
  const at = join(ROOT, prefix);
  if (prefix.endsWith('.ts')) return [at];
  return readdirSync(at, { recursive: true, encoding: 'utf8' })
    .filter(
      (name) => /\.(ts|tsx|mts)$/.test(name) && !name.includes('node_modules') && !name.endsWith('.d.ts'),
    )
    .map((name) => join(at, name));
}

function importsOf(file: string): string[] {
  return ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles.map((f) => f.fileName);
}

function violations(layer: Layer): string[] {
  const owned = (file: string) => layer.files.some((prefix) => relative(ROOT, file).startsWith(prefix));
  const found: string[] = [];
  for (const prefix of layer.files) {
    for (const file of sourceFiles(prefix)) {
      if (!owned(file)) continue;
      const from = relative(ROOT, file);
      for (const specifier of importsOf(file)) {
        if (specifier.startsWith('.')) {
          const target = relative(ROOT, resolve(dirname(file), specifier));
          const allowed = layer.mayImport.some((p) =>
            p.endsWith('/') ? `${target}/`.startsWith(p) : target === p || `${target}.ts` === p,
          );
          if (!allowed) found.push(`${from} imports ${target}`);
          continue;
        }
        const name = specifier;
        if (
          layer.packages &&
          !layer.packages.some((p) => (p.endsWith('/') ? name.startsWith(p) : name === p))
        ) {
          found.push(`${from} imports package ${name}`);
        }
        if (layer.refusedPackages?.some((p) => (p.endsWith('/') ? name.startsWith(p) : name === p))) {
          found.push(`${from} imports server package ${name}`);
        }
      }
    }
  }
  return found;
}

describe('dependency directions', () => {
  for (const [name, layer] of Object.entries(LAYERS)) {
    it(`${name} imports only what its layer may`, () => {
      expect(violations(layer)).toEqual([]);
    });
  }

  it('refuses an import against the direction (the check can fail)', () => {
    const adapters = LAYERS.adapters!;
    // The same rules, narrowed so that adapters may not reach core: every adapter breaks them.
    expect(violations({ ...adapters, mayImport: ['adapters/'] }).length).toBeGreaterThan(0);
    expect(violations({ ...LAYERS.core!, packages: [] })).toContainEqual(
      expect.stringMatching(/^core\/.* imports package /),
    );
  });
});
