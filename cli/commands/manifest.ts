import { existsSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { stringify } from 'yaml';
import type { FieldError } from '../../core/errors';
import { migrateVivifiedManifest } from '../../core/manifest/migrate';
import { validateManifest } from '../../core/manifest/validate';
import { isYamlFile, readManifestFile } from '../manifest-file';
import { EXIT } from '../output';
import { answerInputProblem, InputProblem } from './input-problem';

const report = (errors: readonly FieldError[]) => {
  for (const { pointer, message } of errors)
    process.stderr.write(`  ${pointer || '(manifest)'}: ${message}\n`);
};

/** Runs a command body; input problems end it with their own code and message (or JSON with --json). */
const run =
  <Args extends unknown[]>(json: (args: Args) => boolean, action: (...args: Args) => number) =>
  (...args: Args) => {
    try {
      process.exitCode = action(...args);
    } catch (error) {
      answerInputProblem(error, json(args));
    }
  };

/**
 * `vivified manifest …`: offline, on this machine, with the platform's own validator — the same
 * code the catalog runs when a manifest is registered, so an author hears every refusal first.
 */
export function manifestCommands(program: Command): void {
  const manifest = program
    .command('manifest')
    .description('Check a plugin manifest offline, or convert one from the original Vivified format');

  manifest
    .command('validate <file>')
    .description(
      'Check a manifest (JSON, or YAML as .yaml/.yml) with the platform’s validator; exit 0, or 7 with every problem',
    )
    .option('--json', 'machine-readable output')
    .action(
      run(
        ([, flags]) => Boolean(flags.json),
        (file: string, flags: { json?: boolean }) => {
          const check = validateManifest(readManifestFile(file));
          if (flags.json) {
            const body = check.ok ? { valid: true } : { valid: false, errors: check.errors };
            process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
          } else if (check.ok) {
            process.stdout.write(
              `${file}: valid manifest of ${check.manifest.id} ${check.manifest.version}\n`,
            );
          } else {
            process.stderr.write(`${file}: ${check.errors.length} problem(s)\n`);
            report(check.errors);
          }
          return check.ok ? EXIT.ok : EXIT.invalid;
        },
      ),
    );

  manifest
    .command('migrate <file>')
    .description('Convert a Vivified-format manifest; prints every change, writes nothing unless valid')
    .option('--image <image>', 'container image the plugin runs as (the Vivified format has none)')
    .option(
      '-o, --output <file>',
      'write the manifest here instead of standard output (YAML if it ends in .yaml or .yml)',
    )
    .option('--force', 'overwrite the --output file if it exists')
    .option('--json', 'machine-readable output: the manifest (or errors) and the changes')
    .action(
      run(
        ([, flags]) => Boolean(flags.json),
        (file: string, flags: { image?: string; output?: string; force?: boolean; json?: boolean }) => {
          if (flags.output && existsSync(flags.output) && !flags.force)
            throw new InputProblem(`${flags.output} exists; pass --force to overwrite it`, EXIT.conflict);
          const migration = migrateVivifiedManifest(readManifestFile(file), { image: flags.image });
          // An --output named .yaml or .yml is written as YAML; standard output is JSON.
          const text = !migration.ok
            ? ''
            : flags.output && isYamlFile(flags.output)
              ? stringify(migration.manifest)
              : `${JSON.stringify(migration.manifest, null, 2)}\n`;
          // Never a half-valid file: the output is written only when the whole manifest is valid.
          if (migration.ok && flags.output) writeFileSync(flags.output, text);
          if (flags.json) {
            const body = migration.ok
              ? {
                  manifest: migration.manifest,
                  changes: migration.changes,
                  ...(flags.output ? { written: flags.output } : {}),
                }
              : { errors: migration.errors, changes: migration.changes };
            process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
          } else {
            for (const change of migration.changes)
              process.stderr.write(`${change.from}${change.to ? ` → ${change.to}` : ''}: ${change.note}\n`);
            if (migration.ok && !flags.output) process.stdout.write(text);
            if (migration.ok && flags.output) process.stderr.write(`wrote ${flags.output}\n`);
            if (!migration.ok) {
              process.stderr.write(
                `the migrated manifest would still be refused: ${migration.errors.length} problem(s)\n`,
              );
              report(migration.errors);
            }
          }
          return migration.ok ? EXIT.ok : EXIT.invalid;
        },
      ),
    );
}
