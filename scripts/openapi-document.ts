import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createGenerator } from 'ts-json-schema-generator';
import { CANONICAL_MODEL_SCHEMAS } from '../core/canonical/schemas';
import { ROUTES, type Route } from '../functions/routes';
import manifestSchema from '../schemas/manifest.schema.json';
import { VALIDATOR_MODULES } from './validator-modules';

/*
 * The OpenAPI 3.1 document of the whole API, generated from what the platform already defines
 * once: the route table (methods, paths, areas, callers, actions, summaries), the wire contract's
 * types (functions/wire: what each route reads from its query, takes, answers and with which
 * status), and, where a body is checked by a JSON Schema at run time, that schema itself (the
 * request bodies of scripts/validator-modules.ts and the manifest schema) instead of its
 * TypeScript type, so the document states the limits the handlers enforce. Nothing here is
 * written by hand per route; `npm run validators` writes schemas/openapi.json and a unit test
 * fails while it is stale.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = { [key: string]: Json };

const ROOT = join(__dirname, '..');

/** Component names OpenAPI accepts (`Page<Tenant>` becomes `Page_Tenant`). */
const componentName = (definition: string) =>
  decodeURIComponent(definition)
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/_+$/, '');

/** Rewrites the generator's `#/definitions/X` references to the document's components. */
function relocate(value: Json): Json {
  if (Array.isArray(value)) return value.map(relocate);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) =>
      key === '$ref' && typeof inner === 'string' && inner.startsWith('#/definitions/')
        ? [key, `#/components/schemas/${componentName(inner.slice('#/definitions/'.length))}`]
        : [key, relocate(inner)],
    ),
  );
}

/**
 * A standalone schema (its own `$id`, references like `#/$defs/x` into itself) as a component at
 * `#/components/schemas/<name>`: its references are rewritten to point from the document's root
 * and the `$id` dropped. JSON Schema 2020-12 would resolve the references against the `$id`, but
 * OpenAPI tools resolve a `#` reference from the document (Schemathesis skipped the manifest's
 * `#/$defs/pluginId` as unresolvable), and a kept `$id` would make the rewritten ones point into
 * the schema's own URL instead.
 */
function embedded(schema: Schema, name: string): Schema {
  const rewrite = (value: Json): Json => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) =>
        key === '$ref' && typeof inner === 'string' && inner.startsWith('#/')
          ? [key, `#/components/schemas/${name}${inner.slice(1)}`]
          : [key, rewrite(inner)],
      ),
    );
  };
  const { $schema: _, $id: __, ...rest } = schema;
  return rewrite(rest) as Schema;
}

/** ajv's `nullable: true` (its JSONSchemaType) as JSON Schema 2020-12 says it: a `null` type. */
function withoutNullable(value: Json): Json {
  if (Array.isArray(value)) return value.map(withoutNullable);
  if (value === null || typeof value !== 'object') return value;
  const { nullable, ...rest } = value;
  const converted = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, withoutNullable(v)]));
  if (nullable === true && typeof converted.type === 'string') converted.type = [converted.type, 'null'];
  return converted;
}

/** The wire contract's types as JSON Schemas: Requests, Responses, Queries, Answers and all they use. */
function wireSchemas(): { contract: Record<string, Schema>; definitions: Record<string, Schema> } {
  const generator = createGenerator({
    path: join(ROOT, 'functions/wire/index.ts'),
    tsconfig: join(ROOT, 'tsconfig.json'),
    type: '*',
    expose: 'export',
    jsDoc: 'extended',
    skipTypeCheck: true,
    additionalProperties: false,
    topRef: false,
  });
  const contract: Record<string, Schema> = {};
  const definitions: Record<string, Schema> = {};
  for (const name of ['Requests', 'Responses', 'Queries', 'Answers', 'Problem']) {
    const {
      definitions: used,
      $schema: _,
      ...root
    } = generator.createSchema(name) as Schema & {
      definitions?: Record<string, Schema>;
    };
    // The four maps are read per action; the problem is a component of its own.
    if (name === 'Problem') definitions.Problem = relocate(root) as Schema;
    else contract[name] = root;
    for (const [key, schema] of Object.entries(used ?? {}))
      definitions[componentName(key)] = relocate(schema) as Schema;
  }
  return { contract, definitions };
}

/** The JSON Schemas bodies are checked with at run time, by the wire type they check. */
function runtimeBodySchemas(): Record<string, Schema> {
  const schemas: Record<string, Schema> = {};
  for (const module of VALIDATOR_MODULES) {
    for (const validator of module.validators) {
      if (validator.type) schemas[validator.type] = withoutNullable(validator.schema as Json) as Schema;
    }
  }
  // A registered manifest is checked by the manifest schema (core/manifest), not a body schema.
  schemas.PluginManifest = embedded(manifestSchema as unknown as Schema, 'PluginManifest');
  return schemas;
}

const PROBLEM = { $ref: '#/components/schemas/Problem' };
/** What a route that passes another service's answer through (operator calls) may answer. */
const PASSED_THROUGH = { description: "The target plugin's answer, passed through as it sent it." };

const SECURITY: Record<Route['caller'], Json[]> = {
  user: [{ userToken: [] }],
  plugin: [{ pluginCredential: [] }],
  // The panel session is a form field, which no OpenAPI security scheme can name (apiKey is a
  // header, query or cookie): the request body says it is required, and a 401 answers its absence.
  panel: [],
  public: [],
};

/** A property of the contract's map for one action (`Responses['tenant.read']`, …). */
const entryOf = (contract: Schema | undefined, action: string): Schema | undefined =>
  (contract?.properties as Record<string, Schema> | undefined)?.[action];

/** `not: {}`: what the generator writes for `undefined` (no body). */
const isNothing = (schema: Schema | undefined) =>
  !schema || (typeof schema.not === 'object' && Object.keys(schema.not as object).length === 0);

/** `number` (operator calls pass the target's status through): the status is not the route's. */
const passesThrough = (schema: Schema | undefined) =>
  schema?.type === 'number' && schema.const === undefined && schema.enum === undefined;

function statusesOf(schema: Schema | undefined): string[] {
  if (!schema) return ['200'];
  if (typeof schema.const === 'number') return [String(schema.const)];
  if (Array.isArray(schema.enum)) return schema.enum.map(String);
  // `number` (operator calls pass the target's status through): any success.
  return ['2XX'];
}

function operation(
  route: Route,
  contract: Record<string, Schema>,
  definitions: Record<string, Schema>,
): Schema {
  const pathParameters = [...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => {
    const values = route.pathValues?.[name!];
    const schema: Schema = values ? { type: 'string', enum: [...values] } : { type: 'string' };
    return { name: name!, in: 'path', required: true, schema };
  });
  // A query type is a named interface: its properties become the query parameters.
  const named = entryOf(contract.Queries, route.action);
  const query =
    typeof named?.$ref === 'string'
      ? definitions[componentName(named.$ref.slice('#/definitions/'.length))]
      : named;
  const queryParameters = Object.entries((query?.properties ?? {}) as Record<string, Schema>).map(
    ([name, schema]) => {
      const { description, ...rest } = schema;
      return {
        name,
        in: 'query',
        required: false,
        ...(description ? { description } : {}),
        schema: rest,
      };
    },
  );
  const request = entryOf(contract.Requests, route.action);
  const response = entryOf(contract.Responses, route.action);
  const answers = entryOf(contract.Answers, route.action);
  // A passed-through answer keeps the target's status, media type and body, refusals included
  // (a plugin's own 400 is not a Problem of the platform's); the lane's own refusals are Problems.
  const relayed: Schema = passesThrough(answers) ? { '*/*': { schema: PASSED_THROUGH } } : {};
  const problem: Json = passesThrough(answers)
    ? {
        description: `${PASSED_THROUGH.description} Or the lane's own Problem.`,
        anyOf: [PROBLEM, PASSED_THROUGH],
      }
    : PROBLEM;
  const success = Object.fromEntries(
    statusesOf(answers).map((status) => [
      status,
      status === '204' || isNothing(response)
        ? { description: 'Done; no body.' }
        : route.html
          ? {
              description: 'The page, under the panel headers (docs/panels.md).',
              content: { 'text/html': { schema: { type: 'string' } } },
            }
          : {
              description: 'Success.',
              content: { 'application/json': { schema: relocate(response as Json) }, ...relayed },
            },
    ]),
  );
  const mediaType = route.form ? 'application/x-www-form-urlencoded' : 'application/json';
  return {
    operationId: route.action.replace(/\.(\w)/g, (_, c: string) => c.toUpperCase()),
    summary: route.summary,
    tags: [route.area],
    security: SECURITY[route.caller],
    ...(pathParameters.length + queryParameters.length > 0
      ? { parameters: [...pathParameters, ...queryParameters] }
      : {}),
    ...(route.body || route.form
      ? {
          requestBody: {
            required: true,
            content: { [mediaType]: { schema: relocate((request ?? {}) as Json) } },
          },
        }
      : {}),
    responses: {
      ...success,
      '4XX': {
        description: 'Refused: every failing field with its JSON pointer, or why policy said no.',
        content: { 'application/problem+json': { schema: problem }, ...relayed },
      },
      '5XX': {
        description: 'Failed: a dependency, an upstream, or the platform (with a reference).',
        content: { 'application/problem+json': { schema: problem }, ...relayed },
      },
    },
  };
}

export function openApiDocument(version: string): Schema {
  const { contract, definitions } = wireSchemas();
  const paths: Record<string, Record<string, Json>> = {};
  for (const route of ROUTES) {
    paths[route.path] ??= {};
    paths[route.path]![route.method.toLowerCase()] = operation(route, contract, definitions);
  }
  const canonical = Object.fromEntries(
    CANONICAL_MODEL_SCHEMAS.map((model) => {
      const schema = model as unknown as Schema;
      const name = `Canonical.${String(schema.title ?? schema.$id).replace(/[^A-Za-z0-9._-]+/g, '_')}`;
      return [name, embedded(schema, name)];
    }),
  );
  return {
    openapi: '3.1.0',
    info: {
      title: 'Vivified API',
      version,
      description:
        'The Vivified plugin host: tenants, the plugin catalog, installations and their lifecycle, audit, and the three plugin lanes (canonical events, operator calls, proxy egress). Generated from the route table and the wire contract.',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    tags: [...new Set(ROUTES.map((route) => route.area))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        userToken: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: "A user's ID token: Cognito's deployed, the development issuer's in `vivified dev`.",
        },
        pluginCredential: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            "An installation's credential (VIVIFIED_CREDENTIAL in its task), signed by the platform.",
        },
      },
      schemas: { ...definitions, ...runtimeBodySchemas(), ...canonical },
    },
  };
}

/** Where the document is committed, from the repository root. */
export const OPENAPI_PATH = 'schemas/openapi.json';

/** The document as committed: this package's version, two-space JSON, a final newline. */
export function openApiText(): string {
  const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  return `${JSON.stringify(openApiDocument(version), null, 2)}\n`;
}
