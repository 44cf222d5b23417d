import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { SETTING } from '../../adapters/aws/deploy-contract';
import { composeApp } from '../../lib/app';
import { cdkJsonContext } from '../support/synth';

process.env.CDK_DOCKER = '/bin/false';

const ROOT = join(__dirname, '..', '..');
const filesUnder = (dir: string): string[] =>
  readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );

// The deploy contract (adapters/aws/deploy-contract.ts) is the one place variable names are spelled.
describe('the deploy contract', () => {
  it('is the only place lib/ gets a variable name from', () => {
    for (const file of filesUnder('lib')) {
      expect(readFileSync(join(ROOT, file), 'utf8'), file).not.toMatch(/VIVIFIED_/);
    }
  });

  it('names every variable a platform function is deployed with', () => {
    const app = new App({ context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] } });
    const functions = Object.values(
      Template.fromStack(composeApp(app).platform).findResources('AWS::Lambda::Function'),
    ).filter((f) => String(f.Properties.Description ?? '').startsWith('Vivified:'));
    const contract = new Set<string>(Object.values(SETTING));
    const runtimeOwn = /^(NODE_OPTIONS|POWERTOOLS_SERVICE_NAME)$/;
    expect(functions.length).toBeGreaterThan(10);
    for (const fn of functions) {
      for (const name of Object.keys(fn.Properties.Environment.Variables)) {
        expect(contract.has(name) || runtimeOwn.test(name), `${fn.Properties.Description}: ${name}`).toBe(
          true,
        );
      }
    }
  });

  it('is read by the functions through the contract only', () => {
    const readers = filesUnder('functions').filter(
      (file) => file.endsWith('.ts') && !file.includes('/wire/') && !file.includes('/generated/'),
    );
    for (const file of readers) {
      const source = readFileSync(join(ROOT, file), 'utf8');
      // The variables a function gives a plugin task are the plugin's contract (the SDK reads them).
      for (const read of source.matchAll(/process\.env\.(VIVIFIED_\w+)|process\.env\[['"](VIVIFIED_\w+)/g)) {
        expect.fail(`${file} reads ${read[1] ?? read[2]} around the deploy contract`);
      }
    }
  });
});
