import { readFileSync } from 'node:fs';
import type { Scheme } from './principals';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;

interface Operation {
  readonly operationId: string;
  readonly security?: readonly Record<string, readonly string[]>[];
}

/**
 * The document's operation ids by the one security scheme each accepts. An operation with several
 * requirements, or a scheme no principal holds, is an error: the fuzzer would otherwise call it
 * with the wrong token, or silently not at all.
 */
export function operationsByScheme(documentPath: string): Record<Scheme, string[]> {
  const document = JSON.parse(readFileSync(documentPath, 'utf8')) as {
    paths: Record<string, Partial<Record<(typeof METHODS)[number], Operation>>>;
  };
  const groups: Record<Scheme, string[]> = { userToken: [], pluginCredential: [], none: [] };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const requirements = operation.security ?? [];
      const schemes = requirements.flatMap((requirement) => Object.keys(requirement));
      if (schemes.length > 1)
        throw new Error(
          `${method.toUpperCase()} ${path} accepts ${schemes.join(' or ')}: one principal each`,
        );
      const scheme = (schemes[0] ?? 'none') as Scheme;
      if (!(scheme in groups))
        throw new Error(`${method.toUpperCase()} ${path}: no principal holds ${scheme}`);
      groups[scheme].push(operation.operationId);
    }
  }
  return groups;
}
