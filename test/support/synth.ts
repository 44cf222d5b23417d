import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';

export interface NagViolation {
  readonly rule: string;
  readonly severity: string;
  readonly paths: readonly string[];
}

interface ValidationReport {
  pluginReports: Array<{
    violations: Array<{
      ruleName: string;
      severity: string;
      violatingConstructs: Array<{ constructPath: string }>;
    }>;
  }>;
}

/** A rule acknowledged with `Validations.of(scope).acknowledge()`, where and why. */
export interface Acknowledgement {
  /** The rule as cdk-nag names it, e.g. `AwsSolutions-IAM5[Resource::*]`. */
  readonly rule: string;
  readonly reason: string;
  /** The construct it was recorded on; it covers that construct and everything below it. */
  readonly path: string;
}

/** Every acknowledgement recorded in the tree under `scope`. */
export function acknowledgementsUnder(scope: IConstruct): Acknowledgement[] {
  return scope.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          // Ids are stored qualified by the validation namespace (`<namespace>::<rule>`).
          rule: id.replace(/^[^:]*::/, ''),
          reason,
          path: construct.node.path,
        })),
      ),
  );
}

/** What esbuild produced for one function, read from the cloud assembly before it is removed. */
export interface LambdaBundle {
  readonly files: readonly string[];
  readonly bytes: number;
  readonly lines: number;
}

/** Every staged asset directory holding an `index.js`, by asset hash (the directory name). */
function lambdaBundles(outdir: string): Map<string, LambdaBundle> {
  const bundles = new Map<string, LambdaBundle>();
  for (const entry of readdirSync(outdir)) {
    const index = join(outdir, entry, 'index.js');
    if (!entry.startsWith('asset.') || !existsSync(index)) continue;
    const code = readFileSync(index, 'utf8');
    bundles.set(entry.slice('asset.'.length), {
      files: readdirSync(join(outdir, entry)).sort(),
      bytes: statSync(index).size,
      lines: code.split('\n').length,
    });
  }
  return bundles;
}

/** The feature flags and context `cdk synth` gets from cdk.json, so tests synthesize the same app. */
export function cdkJsonContext(): Record<string, unknown> {
  return JSON.parse(readFileSync(join(__dirname, '..', '..', 'cdk.json'), 'utf8')).context ?? {};
}

/**
 * Synthesizes an app built by `compose` into a temporary cloud assembly and returns the stack's
 * template together with every cdk-nag violation (errors and warnings) from CDK's validation
 * report. A failed validation throws during synth, so the report is read either way.
 */
export function synthWithNag<T>(
  compose: (app: App) => T,
  stackOf: (composed: T) => Stack,
  context: Record<string, unknown> = {},
): {
  template: Template | undefined;
  violations: NagViolation[];
  acknowledgements: Acknowledgement[];
  composed: T;
  bundles: Map<string, LambdaBundle>;
} {
  const outdir = mkdtempSync(join(tmpdir(), 'vivified-synth-'));
  try {
    const app = new App({ outdir, context: { ...cdkJsonContext(), ...context } });
    const composed = compose(app);
    let template: Template | undefined;
    try {
      app.synth();
      template = Template.fromStack(stackOf(composed));
    } catch (error) {
      if ((error as Error).name !== 'ValidationFailed') throw error;
    }
    const report = JSON.parse(
      readFileSync(join(outdir, 'validation-report.json'), 'utf8'),
    ) as ValidationReport;
    const violations = report.pluginReports.flatMap((plugin) =>
      plugin.violations.map((v) => ({
        rule: v.ruleName,
        severity: v.severity,
        paths: v.violatingConstructs.map((c) => c.constructPath),
      })),
    );
    return {
      template,
      violations,
      acknowledgements: acknowledgementsUnder(app),
      composed,
      bundles: lambdaBundles(outdir),
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
