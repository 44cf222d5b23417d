import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DeployedModel, deployedModel, synthesizePlatform } from './deployed';

/**
 * Synthesizes the stack once per run (the global setup) and writes the harness's model of it to
 * a file the test workers read: about five seconds, without bundling the functions.
 */
export function writeDeployedModel(context: Record<string, unknown> = {}): string {
  const { stack, template } = synthesizePlatform(context);
  const file = join(mkdtempSync(join(tmpdir(), 'vivified-iam-model-')), 'model.json');
  writeFileSync(file, JSON.stringify(deployedModel(stack, template)));
  return file;
}

export const readDeployedModel = (file: string): DeployedModel => JSON.parse(readFileSync(file, 'utf8'));
