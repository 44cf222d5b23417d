import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// One composition root (functions/shared/platform/compose.ts) builds every platform: the deployed
// handlers', `vivified dev`'s, the test platform's and the benchmarks'. These hold it so: the
// callers go through it, and no file of theirs builds a port's adapter around it.

const ROOT = join(__dirname, '..', '..', '..');
const ROOT_FOLDER = 'functions/shared/platform/';
const filesUnder = (dir: string): string[] =>
  readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
const source = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const typeScript = (file: string) => /\.m?ts$/.test(file);

/** What core/ports exports that is data a port passes, not a port. */
const PORT_DATA = new Set(
  'AuditEntry AuditQuery EntryOutcome CatalogEntry CatalogFilter SealContext SealPurpose OperatorCall Page PluginIdentity EndpointTarget RuntimeLaunch RuntimeStatus ExternalRoute ExternalSubscriber DeadLetterResources SubscriptionResources SubscriptionTarget VerifiedUser'.split(
    ' ',
  ),
);

/** The ports, by the type names core/ports exports (and the ECS runtime's own two). */
const PORTS = new Set([
  ...[...source('core/ports/index.ts').matchAll(/export type \{([^}]+)\}/g)]
    .flatMap((m) => m[1]!.split(',').map((name) => name.trim()))
    .filter((name) => !PORT_DATA.has(name)),
  'ServiceRegistry',
  'TaskRoles',
]);

/** Where port implementations are defined: the adapters, and the operator lane's endpoints. */
const ADAPTER_FILES = [
  ...['adapters/aws', 'adapters/memory', 'adapters/local', 'adapters/identity'].flatMap(filesUnder),
  'functions/lanes/operator/endpoints.ts',
].filter(typeScript);

/**
 * What constructs an adapter, as a pattern per name: a function or arrow declared to return a
 * port (`tenantStore(table): TenantStore`), the in-memory set's exports, and a class implementing
 * a port (constructed by `new` or a static `from…`).
 */
function adapterConstructors(): Map<string, { pattern: RegExp; file: string }> {
  const found = new Map<string, { pattern: RegExp; file: string }>();
  const call = (name: string) => new RegExp(`(?<![\\w.])${name}\\s*\\(`);
  for (const file of ADAPTER_FILES) {
    const text = source(file);
    const declared = [
      ...text.matchAll(/export (?:async )?function (\w+)\s*(?:<[^>]*>)?\([^)]*\)\s*:\s*(?:Promise<)?(\w+)/g),
      ...text.matchAll(/export const (\w+)\s*=\s*(?:\/\*[^*]*\*\/\s*)?\([^)]*\)\s*:\s*(?:Promise<)?(\w+)/g),
    ];
    for (const [, name, returned] of declared) {
      if (PORTS.has(returned!)) found.set(name!, { pattern: call(name!), file });
    }
    for (const [, name, port] of text.matchAll(/export class (\w+) implements (\w+)/g)) {
      if (PORTS.has(port!))
        found.set(name!, { pattern: new RegExp(`new ${name}\\b|\\b${name}\\.from\\w*\\(`), file });
    }
  }
  for (const [, names] of source('adapters/memory/index.ts').matchAll(/export \{([^}]+)\}/g)) {
    for (const name of names!.split(',').map((n) => n.trim())) {
      if (!name.startsWith('memory')) continue;
      found.set(name, { pattern: call(name), file: 'adapters/memory/index.ts' });
    }
  }
  return found;
}

const HANDLERS = filesUnder('functions').filter((file) => file.endsWith('/handler.ts'));
const CALLERS = [
  ...HANDLERS,
  'cli/dev/platform.ts',
  'test/support/control-plane.ts',
  'bench/in-process-plane.ts',
];

/** Every file of the four callers' folders, the root's own excepted. */
const CALLER_FILES = [
  ...filesUnder('functions'),
  ...filesUnder('cli'),
  ...filesUnder('test/support'),
  'bench/in-process-plane.ts',
].filter((file) => typeScript(file) && !file.startsWith(ROOT_FOLDER) && !ADAPTER_FILES.includes(file));

describe('the composition root', () => {
  const constructors = adapterConstructors();

  it('knows the adapters it guards', () => {
    for (const name of [
      'tenantStore',
      'catalogStore',
      'auditLog',
      'kmsEnvelope',
      'ecsRuntime',
      'processRuntime',
    ]) {
      expect(constructors.has(name), name).toBe(true);
    }
    for (const name of [
      'pluginCredentials',
      'eventBridgeBus',
      'userTokenVerifier',
      'OperatorSigner',
      'memoryRuntime',
    ]) {
      expect(constructors.has(name), name).toBe(true);
    }
  });

  it.each(CALLERS)('%s composes its platform there', (file) => {
    expect(source(file)).toMatch(/\bcomposePlatform\(/);
  });

  it('is the only place the handlers, vivified dev, the test platform and the benchmarks build an adapter', () => {
    const built: string[] = [];
    for (const file of CALLER_FILES) {
      const text = source(file);
      for (const [name, { pattern }] of constructors) {
        if (pattern.test(text)) built.push(`${file} builds ${name}`);
      }
    }
    expect(built).toEqual([]);
  });

  it('hands each handler only the factories it names: no handler imports a whole set of them', () => {
    for (const file of HANDLERS) {
      expect(source(file), file).not.toMatch(/from '[./]*shared\/platform\/(aws|memory|local)'/);
    }
  });
});
