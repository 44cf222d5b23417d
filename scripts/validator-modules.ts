import { dirname, relative } from 'node:path';
import type { AnySchemaObject, CodeOptions } from 'ajv';
import type Ajv2020 from 'ajv/dist/2020';
import standaloneCode from 'ajv/dist/standalone';
import { canonicalSchemaCompiler } from '../core/canonical/schema-compiler';
import { CANONICAL_MODEL_SCHEMAS, deliveredSchema, detailSchema } from '../core/canonical/schemas';
import { manifestSchemaCompiler } from '../core/manifest/schema-compiler';
import {
  configureBody,
  installBody,
  subscriberBody,
  upgradeBody,
} from '../functions/installations/body-schemas';
import { simulateBody } from '../functions/installations/policy-body-schema';
import { publishBody } from '../functions/lanes/canonical/body-schemas';
import { proxyBody } from '../functions/lanes/proxy/body-schemas';
import { rolloutBody } from '../functions/rollouts/rollout-body-schema';
import { bodySchemaCompiler } from '../functions/shared/body-compiler';
import manifestSchema from '../schemas/manifest.schema.json';

/**
 * Which validators are generated ahead of time, with which Ajv set-up, into which module; and
 * how. Each module's compiler is the very function the tests compile the same schemas with at
 * run time, so a generated validator is built with exactly the options, keywords and formats
 * the platform checked with when it compiled at load. Only schemas known at build time belong
 * here: plugins' config schemas arrive at run time and are compiled then.
 */

interface GeneratedValidator {
  /** The export's name; the canonical models are found by their `$id`. */
  readonly name: string;
  readonly schema: AnySchemaObject;
  /** The TypeScript type of a valid value, exported by the module's `types`. */
  readonly type?: string;
}

export interface ValidatorModule {
  /** Where the module is written, from the repository root, without extension (`.js` and `.d.ts`). */
  readonly path: string;
  /** What the schemas are, for the header of the generated files. */
  readonly from: string;
  readonly compiler: (code?: CodeOptions) => Ajv2020;
  /** In order: a schema another one refers to by `$id` comes first, as when they were compiled. */
  readonly validators: readonly GeneratedValidator[];
  /** The module, from the repository root, that exports the validators' types. */
  readonly types?: string;
}

const schema = (value: object): AnySchemaObject => value as AnySchemaObject;

export const VALIDATOR_MODULES: readonly ValidatorModule[] = [
  {
    path: 'core/generated/canonical-models',
    from: 'schemas/canonical/*.v1.schema.json (core/canonical/schemas.ts)',
    compiler: canonicalSchemaCompiler,
    validators: CANONICAL_MODEL_SCHEMAS.map((model) => ({ name: model.$id, schema: schema(model) })),
  },
  {
    path: 'core/generated/canonical-envelope',
    from: 'schemas/canonical/envelope/detail.schema.json and the delivered event (core/canonical/schemas.ts)',
    compiler: canonicalSchemaCompiler,
    validators: [
      { name: 'detail', schema: schema(detailSchema) },
      { name: 'delivered', schema: schema(deliveredSchema) },
    ],
  },
  {
    path: 'core/generated/manifest',
    from: 'schemas/manifest.schema.json',
    compiler: (code) => manifestSchemaCompiler(code),
    validators: [{ name: 'manifest', schema: schema(manifestSchema) }],
  },
  {
    path: 'functions/shared/generated/installations-bodies',
    from: 'functions/installations/body-schemas.ts',
    compiler: bodySchemaCompiler,
    types: 'functions/wire',
    validators: [
      { name: 'installBody', schema: schema(installBody), type: 'InstallBody' },
      { name: 'configureBody', schema: schema(configureBody), type: 'ConfigureBody' },
      { name: 'upgradeBody', schema: schema(upgradeBody), type: 'UpgradeBody' },
      { name: 'subscriberBody', schema: schema(subscriberBody), type: 'SubscriberBody' },
    ],
  },
  {
    path: 'functions/shared/generated/policy-bodies',
    from: 'functions/installations/policy-body-schema.ts',
    compiler: bodySchemaCompiler,
    types: 'functions/wire',
    validators: [{ name: 'simulateBody', schema: schema(simulateBody), type: 'SimulateBody' }],
  },
  {
    path: 'functions/shared/generated/rollout-bodies',
    from: 'functions/rollouts/rollout-body-schema.ts',
    compiler: bodySchemaCompiler,
    types: 'functions/wire',
    validators: [{ name: 'rolloutBody', schema: schema(rolloutBody), type: 'RolloutBody' }],
  },
  {
    path: 'functions/shared/generated/proxy-bodies',
    from: 'functions/lanes/proxy/body-schemas.ts',
    compiler: bodySchemaCompiler,
    types: 'functions/wire',
    validators: [{ name: 'proxyBody', schema: schema(proxyBody), type: 'ProxyBody' }],
  },
  {
    path: 'functions/shared/generated/canonical-bodies',
    from: 'functions/lanes/canonical/body-schemas.ts',
    compiler: bodySchemaCompiler,
    types: 'functions/wire',
    validators: [{ name: 'publishBody', schema: schema(publishBody), type: 'PublishBody' }],
  },
];

/** The directories the generated modules live in, which hold nothing else. */
export const GENERATED_DIRECTORIES: readonly string[] = [
  ...new Set(VALIDATOR_MODULES.map(({ path }) => dirname(path))),
];

export const GENERATE_COMMAND = 'npm run validators';

export interface GeneratedFile {
  /** From the repository root. */
  readonly path: string;
  readonly text: string;
}

/**
 * CommonJS rather than ES modules (`esm: false`): ajv's generated code reaches its runtime helpers
 * (`ajv/dist/runtime/ucs2length`, `equal`) and ajv-formats' formats with `require()` even when
 * asked for ESM, and without `"type": "module"` in package.json, Node 20 and tsx (`vivified dev`)
 * load any `.js` here as CommonJS, where that `require()` works. esbuild folds CommonJS into the
 * Lambdas' CommonJS bundles as it is, and vitest loads it too. `lines` only puts the code on
 * separate lines, for readable diffs. The formats need no option: ajv-formats sets
 * `require("ajv-formats/dist/formats").fullFormats` itself when it is added.
 */
const codeOptions = (): CodeOptions => ({ source: true, esm: false, lines: true });

const propertyName = (name: string) => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name));

const importPath = (from: string, to: string) => {
  const path = relative(dirname(from), to);
  return path.startsWith('.') ? path : `./${path}`;
};

function header(module: ValidatorModule): string {
  return `// Generated by \`${GENERATE_COMMAND}\` (scripts/precompile-validators.mts) from ${module.from}; do not edit.\n`;
}

function declarations(module: ValidatorModule): string {
  const types = module.validators.flatMap(({ type }) => (type ? [type] : []));
  return [
    header(module),
    `import type { SchemaValidator } from '${importPath(module.path, 'core/schema-validator')}';`,
    ...(module.types && types.length > 0
      ? [`import type { ${types.join(', ')} } from '${importPath(module.path, module.types)}';`]
      : []),
    '',
    'declare const validators: {',
    ...module.validators.map(
      ({ name, type }) => `  readonly ${propertyName(name)}: SchemaValidator${type ? `<${type}>` : ''};`,
    ),
    '};',
    'export = validators;',
    '',
  ].join('\n');
}

/** A module's validator code and its type declarations, from a fresh Ajv instance every time. */
export function generateModule(module: ValidatorModule): GeneratedFile[] {
  const ajv = module.compiler(codeOptions());
  for (const { name, schema } of module.validators) ajv.addSchema(schema, name);
  const exports = Object.fromEntries(module.validators.map(({ name }) => [name, name]));
  return [
    { path: `${module.path}.js`, text: `${header(module)}${standaloneCode(ajv, exports)}\n` },
    { path: `${module.path}.d.ts`, text: declarations(module) },
  ];
}

export const generateValidatorFiles = (): GeneratedFile[] => VALIDATOR_MODULES.flatMap(generateModule);
