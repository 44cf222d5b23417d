import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeployedModel } from './deployed';

/**
 * Synthesizes the stack (about five seconds, without bundling the functions) and writes the
 * harness's model of it to a file: once per run in the global setup, for every test worker.
 * The CDK is imported only here, so a test file that only reads the model does not load it.
 */
export async function writeDeployedModel(context: Record<string, unknown> = {}): Promise<string> {
  const { deployedModel, synthesizePlatform } = await import('./deployed');
  const { stack, template } = synthesizePlatform(context);
  const file = join(mkdtempSync(join(tmpdir(), 'vivified-iam-model-')), 'model.json');
  writeFileSync(file, JSON.stringify(deployedModel(stack, template)));
  return file;
}

export const readDeployedModel = (file: string): DeployedModel => JSON.parse(readFileSync(file, 'utf8'));
