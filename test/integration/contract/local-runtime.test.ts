import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { processRuntime } from '../../../adapters/local/process-runtime';
import { pluginRuntimeContract } from '../../contract/runtime.contract';

// The third runtime, `vivified dev`'s child processes, held to the same contract as ECS and memory.
const runtime = processRuntime({
  logDirectory: mkdtempSync(join(tmpdir(), 'vivified-contract-')),
  backoffMs: 50,
  stopGraceMs: 1_000,
});
afterAll(() => runtime.stopAll());

// A plugin that only listens, on the port it is given.
const plugin = `require('node:http').createServer((_, res) => res.end('{}')).listen(Number(process.env.PORT), '127.0.0.1');`;

pluginRuntimeContract('local processes', () => runtime, { local_command: [process.execPath, '-e', plugin] });
