import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importsOf, ROOT, sourcesUnder } from './source-files';

// The application layer knows the domain and its ports only: no HTTP adapter, no AWS, no middleware.
const FORBIDDEN_FOLDERS = ['functions', 'adapters', 'lib', 'cli'];
// Powertools too: logging and metrics reach actions through application/observability.ts.
const FORBIDDEN_PACKAGES = [
  /^aws-lambda$/,
  /^@types\/aws-lambda$/,
  /^@aws-sdk\//,
  /^@middy\//,
  /^@aws-lambda-powertools\//,
];

/** Why an import is not allowed in application/, or undefined when it is. */
function violation(file: string, specifier: string): string | undefined {
  if (specifier.startsWith('.')) {
    const target = relative(ROOT, join(ROOT, dirname(file), specifier))
      .split('\\')
      .join('/');
    const top = target.split('/')[0]!;
    return FORBIDDEN_FOLDERS.includes(top) ? `imports ${top}/ (${specifier})` : undefined;
  }
  return FORBIDDEN_PACKAGES.some((pattern) => pattern.test(specifier)) ? `imports ${specifier}` : undefined;
}

describe('application/ depends only on core/ and on itself', () => {
  const sources = sourcesUnder('application');

  it('has actions to check', () => {
    expect(sources.length).toBeGreaterThan(10);
  });

  it('imports nothing from functions/, adapters/, lib/, cli/, aws-lambda, @aws-sdk or @middy', () => {
    const violations = sources.flatMap(({ path, text }) =>
      importsOf(text).flatMap((specifier) => {
        const why = violation(path, specifier);
        return why ? [`${path} ${why}`] : [];
      }),
    );

    expect(violations).toEqual([]);
  });

  it('would catch each forbidden import', () => {
    // The check itself: each kind of forbidden import is reported, a core import is not.
    const file = 'application/lanes/example.ts';
    expect(violation(file, '../../functions/shared/http')).toMatch(/functions/);
    expect(violation(file, '../../adapters/aws/clients')).toMatch(/adapters/);
    expect(violation(file, '../../lib/constructs/operator-api')).toMatch(/lib/);
    expect(violation(file, '../../cli/dev/platform')).toMatch(/cli/);
    expect(violation(file, 'aws-lambda')).toBeDefined();
    expect(violation(file, '@aws-sdk/client-dynamodb')).toBeDefined();
    expect(violation(file, '@middy/core')).toBeDefined();
    expect(violation(file, '@aws-lambda-powertools/metrics')).toBeDefined();
    expect(violation(file, '../../core/errors')).toBeUndefined();
    expect(violation(file, '../guard')).toBeUndefined();
    expect(importsOf("import type { X } from 'aws-lambda';\nconst y = await import('@middy/core');")).toEqual(
      ['aws-lambda', '@middy/core'],
    );
  });
});
