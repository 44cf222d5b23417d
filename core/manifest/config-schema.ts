import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { FieldError } from '../errors';
import { isJsonObject, type JsonObject, type JsonValue, pointerTo } from './json-tree';
import { translateSchemaErrors } from './schema-errors';

/**
 * A plugin's `config` is the JSON Schema its settings are checked against at install time
 * (core/config). It is foreign input, so it is checked here the way that module will use it:
 * it must compile under JSON Schema 2020-12 with the same formats and the `x-secret` keyword, and
 * `x-secret` must sit where core/config honours it: on a top-level string setting. Anywhere else
 * the value would be stored in the clear while its author believes it sealed. `x-secret-hosts`
 * likewise only beside it (./secret-hosts checks its entries against `allowed_domains`).
 */

const SCHEMA_2020_12 = 'https://json-schema.org/draft/2020-12/schema';

// Validating against the meta-schema registers nothing, so one instance serves every manifest.
const metaSchemaCheck = new Ajv2020({ allErrors: true, strict: false });

/** What the compiler warned about while compiling the current config. */
let warnings: string[] = [];
const quiet = () => undefined;

/**
 * Compiling registers the schema and every `$id` in it on the instance, so each config gets an
 * instance of its own: one plugin's `$id` can then neither collide with nor be resolved by
 * another's, and nothing accumulates in a long-lived process. Without the meta-schema an instance
 * costs about a millisecond.
 */
function settingsCompiler() {
  const ajv = new Ajv2020({
    allErrors: true,
    strict: false,
    meta: false,
    validateSchema: false,
    // With strict off, ajv's only warning is for a format it does not know and will ignore: an
    // author's mistake (the setting would go unchecked), so here it refuses the config.
    logger: { log: quiet, error: quiet, warn: (message: unknown) => warnings.push(String(message)) },
  });
  addFormats(ajv);
  ajv.addKeyword({ keyword: 'x-secret', schemaType: 'boolean' });
  return ajv;
}

/** Why the config does not compile as core/config will compile it, or undefined when it does. */
function compileProblem(config: JsonObject): string | undefined {
  // `$schema` is checked by the manifest schema; here the config is always read as 2020-12.
  const { $schema: _declared, ...schema } = config;
  if (!metaSchemaCheck.validate(SCHEMA_2020_12, schema)) {
    const [first] = translateSchemaErrors(metaSchemaCheck.errors ?? []);
    return first ? `${first.pointer || 'the root'} ${first.message}` : 'does not follow JSON Schema 2020-12';
  }
  warnings = [];
  try {
    settingsCompiler().compile(schema);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  const [warning] = warnings;
  const unknownFormat = warning && /^unknown format "(.*)" ignored in schema at path "#(.*)"$/.exec(warning);
  return unknownFormat
    ? `${unknownFormat[2] || 'the root'} uses the format "${unknownFormat[1]}", which is not known`
    : warning;
}

/** Keywords whose values are maps from names to schemas: their keys are names, not keywords. */
const NAMED_SCHEMAS = new Set([
  'properties',
  'patternProperties',
  '$defs',
  'definitions',
  'dependentSchemas',
]);
/** Keywords whose values are data, never schemas. */
const DATA_KEYWORDS = new Set(['const', 'enum', 'default', 'examples']);

function secretPlacementErrors(config: JsonObject): FieldError[] {
  const errors: FieldError[] = [];
  const visitSchema = (node: JsonValue, path: (string | number)[]): void => {
    if (Array.isArray(node)) {
      for (const [index, item] of node.entries()) visitSchema(item, [...path, index]);
    }
    if (!isJsonObject(node)) return;
    const marker = node['x-secret'];
    const topLevelSetting = path.length === 2 && path[0] === 'properties';
    if (marker !== undefined && typeof marker !== 'boolean') {
      errors.push({ pointer: pointerTo(['config', ...path, 'x-secret']), message: 'must be true or false' });
    } else if (marker === true && !topLevelSetting) {
      errors.push({
        pointer: pointerTo(['config', ...path, 'x-secret']),
        message:
          'marks a secret only on a top-level setting (config.properties.<name>); here the value would be stored in the clear',
      });
    } else if (marker === true && node.type !== 'string') {
      errors.push({
        pointer: pointerTo(['config', ...path, 'type']),
        message: 'must be "string" for a secret setting (secrets are sealed as text)',
      });
    }
    if (node['x-secret-hosts'] !== undefined && !(marker === true && topLevelSetting)) {
      errors.push({
        pointer: pointerTo(['config', ...path, 'x-secret-hosts']),
        message:
          'says where a secret may be sent, so it belongs beside "x-secret": true on a top-level setting',
      });
    }
    for (const [keyword, value] of Object.entries(node)) {
      if (DATA_KEYWORDS.has(keyword)) continue;
      if (NAMED_SCHEMAS.has(keyword) && isJsonObject(value)) {
        for (const [name, schema] of Object.entries(value)) visitSchema(schema, [...path, keyword, name]);
      } else {
        visitSchema(value, [...path, keyword]);
      }
    }
  };
  visitSchema(config, []);
  return errors;
}

/** Every problem with a manifest's `config`; compile failures are reported at `/config` itself. */
export function configSchemaErrors(config: JsonObject): FieldError[] {
  const errors = secretPlacementErrors(config);
  const problem = compileProblem(config);
  if (problem !== undefined) {
    errors.push({ pointer: '/config', message: `is not a usable JSON Schema: ${problem.slice(0, 300)}` });
  }
  return errors;
}
