import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { isNode, LineCounter, parseDocument, visit } from 'yaml';
import { InputProblem } from './commands/input-problem';
import { EXIT } from './output';

/** Manifests may be written in YAML; the platform receives and stores them as JSON either way. */
const YAML_EXTENSIONS: ReadonlySet<string> = new Set(['.yaml', '.yml']);

/** The YAML 1.2 core tags of JSON's own values. */
const JSON_TAGS: ReadonlySet<string> = new Set(
  ['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((name) => `tag:yaml.org,2002:${name}`),
);

export const isYamlFile = (file: string): boolean => YAML_EXTENSIONS.has(extname(file).toLowerCase());

/**
 * YAML 1.2 read strictly: one document, unique keys, no tag the JSON data model lacks (an unknown
 * tag is an error, not a string), and aliases bounded so a small file cannot expand into a huge one.
 * The first problem is reported with its line and column; field errors after that are the
 * validator's, with JSON pointers, as for a JSON manifest.
 */
function parseYaml(file: string, text: string): unknown {
  const lines = new LineCounter();
  const document = parseDocument(text, {
    prettyErrors: true,
    uniqueKeys: true,
    version: '1.2',
    lineCounter: lines,
  });
  const refuse = (at: { line: number; col: number } | undefined, words: string): never => {
    const where = at ? `line ${at.line}, column ${at.col}: ` : '';
    throw new InputProblem(`${file} is not valid YAML: ${where}${words}`, EXIT.invalid);
  };
  const [problem] = [...document.errors, ...document.warnings];
  if (problem) refuse(problem.linePos?.[0], problem.message.split(' at line ')[0]!);
  // yaml resolves some explicit tags (!!binary, !!timestamp, !!set) to values JSON has no form for.
  visit(document, (_, node) => {
    if (isNode(node) && node.tag !== undefined && !JSON_TAGS.has(node.tag))
      refuse(
        node.range ? lines.linePos(node.range[0]) : undefined,
        `${node.tag.replace('tag:yaml.org,2002:', '!!')} has no JSON equivalent`,
      );
  });
  try {
    return document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw new InputProblem(`${file} is not valid YAML: ${(error as Error).message}`, EXIT.invalid);
  }
}

/**
 * Reads a manifest file: YAML for `.yaml`/`.yml`, JSON otherwise. A missing file or a directory is
 * a usage mistake (exit 2), text that does not parse an invalid manifest (exit 7).
 */
export function readManifestFile(file: string): unknown {
  if (!existsSync(file)) throw new InputProblem(`${file}: no such file`, EXIT.usage);
  if (statSync(file).isDirectory())
    throw new InputProblem(`${file} is a directory, not a manifest file`, EXIT.usage);
  const text = readFileSync(file, 'utf8');
  if (isYamlFile(file)) return parseYaml(file, text);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputProblem(`${file} is not JSON: ${(error as Error).message}`, EXIT.invalid);
  }
}
