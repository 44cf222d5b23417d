import { type BundlingOptions, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BuildOptions } from 'esbuild';

/*
 * How every platform function is bundled, and the rules its code keeps so each bundle stays small.
 * A cold start pays for every byte a function imports, and an SDK client it never calls is attack
 * surface too.
 *
 * - CommonJS dependencies are never tree-shaken. esbuild drops unused exports of ES modules only;
 *   a CommonJS package (the Encryption SDK, ajv's compiler, semver) comes whole as soon as any file
 *   in the bundle imports it. So a function must not even import a module that imports one unless
 *   it uses it: the port factories (functions/shared/platform/aws/*) are small modules grouped by
 *   what they pull in, and each handler names only the factories of the ports it uses; the
 *   functions that check only the platform's own schemas use validators generated ahead of time
 *   (`npm run validators`) instead of ajv's compiler.
 * - Copies of what Node already has, or of one package twice, are left out: `readable-stream`
 *   becomes Node's own streams (`bundleAliases`), and asn1.js shares the Encryption SDK's bn.js 5
 *   (package.json `overrides`; it only builds numbers from bytes, `new BN(buffer)`, which 4 and 5
 *   do alike) instead of carrying a 43 KB bn.js 4.
 * - SDK clients are created by calls marked pure (adapters/aws/clients.ts): a bare
 *   `new XClient()` at module scope counts as a side effect and would put every client, and its
 *   SDK package, in every bundle importing that module (~1 MB for one unused client, measured).
 *   Marked pure, a client no code of the function reaches is left out. The composition root
 *   (functions/shared/platform/compose.ts) hands the adapters these module-scope clients, so each
 *   is still created once per cold start, unless its configuration brings its own.
 * - Packages' ES module builds are preferred (`mainFields`): the SDK's CommonJS builds cannot be
 *   tree-shaken, about 900 KB more per function.
 * - The SDK's default credential chain is aliased to the environment's credentials alone
 *   (`bundleAliases`): that is all Lambda provides, and the rest of the chain (SSO, ini files,
 *   process, web identity, metadata endpoints) is 114–134 KB per bundle
 *   (functions/shared/lambda-credentials.ts says why it is also safer).
 * - The SDK is bundled, never taken from the runtime: the versions tested are the versions deployed.
 *
 * - Code imports the module it uses, not a package index that re-exports a CommonJS one: the
 *   platform's generated validators (core/generated/) are CommonJS, so importing core/canonical or
 *   core/manifest for one function brings every canonical or manifest validator along.
 *
 * The budgets: every function but the lifecycle fits 600 KB minified; only
 * the functions that seal or open config secrets carry the Encryption SDK; each carries only the
 * SDK clients it calls; none carries undici or the default credential chain. test/infra/bundles.test.ts
 * holds them, bundling each entry exactly as it deploys (test/support/deployed-bundle.ts, with
 * `hostBuildOptions`); bench/cold-start.bench.mts measures size and import time against a
 * one-client baseline, and bench/RESULTS.md keeps the last run.
 */

/**
 * Modules every platform bundle gets in place of another (esbuild's `alias`; replacements are
 * resolved from the repository root, where bundling runs): the SDK's default credential chain
 * becomes the environment's credentials alone, which is all Lambda provides
 * (functions/shared/lambda-credentials.ts says why), and `readable-stream` Node's own streams.
 */
export const bundleAliases: Readonly<Record<string, string>> = {
  '@aws-sdk/credential-provider-node': './functions/shared/lambda-credentials.ts',
  // The Encryption SDK's streams: Node's own (functions/shared/node-streams.cjs says why).
  'readable-stream': './functions/shared/node-streams.cjs',
};

/**
 * How every platform function is bundled by CDK (HostFunction; exported so tests bundle exactly
 * what deploys): the local esbuild, never Docker, with the SDK inside.
 */
export const hostBundling = {
  forceDockerBundling: false,
  minify: true,
  sourceMap: true,
  target: 'node22',
  format: OutputFormat.CJS,
  // Bundle the SDK too: the versions tested are the versions deployed.
  externalModules: [],
  // Prefer packages' ES module builds, which esbuild can tree-shake (the SDK's CommonJS
  // builds cannot be): about 900 KB less per function (bench/RESULTS.md, cold start).
  mainFields: ['module', 'main'],
  esbuildArgs: { '--alias': Object.entries(bundleAliases).map(([module, by]) => `${module}=${by}`) },
} as const satisfies BundlingOptions;

/**
 * The same bundling as esbuild API options, for what must see exactly what deploys without
 * synthesising the stack (the bundle tests, the cold-start benchmark); add `entryPoints` and an
 * output. CDK runs the esbuild CLI from the repository root with `hostBundling`; callers name the
 * root themselves, since `__dirname` is not this file's folder when it is imported as an ES module.
 */
export const hostBuildOptions = (repositoryRoot: string) =>
  ({
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: hostBundling.target,
    minify: hostBundling.minify,
    mainFields: [...hostBundling.mainFields],
    alias: { ...bundleAliases },
    absWorkingDir: repositoryRoot,
    logLevel: 'error',
  }) as const satisfies BuildOptions;
