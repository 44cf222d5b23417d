import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importsOf, ROOT, sourcesUnder } from './source-files';

// The IAM harness's evaluator is AGPL-3.0: acceptable as a tool the tests run, never as part of
// what ships. Shipped code is everything under these folders but their tests.
const SHIPPED = ['functions', 'adapters', 'lib', 'cli', 'core', 'application', 'sdk'];
const TEST_ONLY = /^@cloud-copilot\//;

/** Why an import keeps shipped code from staying clear of test-only code, or undefined. */
function violation(file: string, specifier: string): string | undefined {
  if (TEST_ONLY.test(specifier)) return `imports ${specifier}`;
  if (!specifier.startsWith('.')) return undefined;
  const target = relative(ROOT, join(ROOT, dirname(file), specifier))
    .split('\\')
    .join('/');
  // Through test/ (the harness lives in test/support/iam) a bundle could reach the evaluator too.
  return target.split('/')[0] === 'test' ? `imports test code (${specifier})` : undefined;
}

describe('the IAM evaluator stays a test-time tool', () => {
  const sources = SHIPPED.flatMap(sourcesUnder).filter(({ path }) => !/(^|\/)test\//.test(path));

  it('is a devDependency only', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(Object.keys(manifest.dependencies).filter((name) => TEST_ONLY.test(name))).toEqual([]);
    expect(manifest.devDependencies['@cloud-copilot/iam-simulate']).toBeDefined();
  });

  it('is imported by no shipped source, directly or through test code', () => {
    expect(sources.length).toBeGreaterThan(100);
    const violations = sources.flatMap(({ path, text }) =>
      importsOf(text).flatMap((specifier) => {
        const why = violation(path, specifier);
        return why ? [`${path} ${why}`] : [];
      }),
    );
    expect(violations).toEqual([]);
  });

  it('would catch either way in', () => {
    expect(violation('functions/x/handler.ts', '@cloud-copilot/iam-simulate')).toBeDefined();
    expect(violation('lib/constructs/x.ts', '../../test/support/iam/evaluate')).toMatch(/test code/);
    expect(violation('lib/constructs/x.ts', '../defaults/queue')).toBeUndefined();
    expect(violation('lib/constructs/x.ts', 'aws-cdk-lib')).toBeUndefined();
  });
});
