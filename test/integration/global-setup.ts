import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
// @ts-expect-error — plain ESM script without type declarations; it must run before any build.
import { sdkEnvironment, up } from '../../localstack/emulators.mjs';
import { writeDeployedModel } from '../support/iam/model-file';

/**
 * Brings the emulators up once per run (reusing running ones) and hands the SDK environment to
 * every test worker. Emulators are left running so the next run starts instantly;
 * `npm run localstack:down` stops them. It also synthesizes the stack once for the IAM harness
 * (./iam-setup.ts), which evaluates every AWS call the tests' platform makes against it.
 */
export default async function setup(project: TestProject): Promise<void> {
  await up();
  const env = sdkEnvironment() as Record<string, string>;
  for (const [key, value] of Object.entries(env)) {
    process.env[key] = value;
  }
  project.provide('sdkEnvironment', env);
  project.provide('iamModel', await writeDeployedModel());
  // Each integration file leaves the AWS calls of each API request it sent here; `npm run
  // round-trips` reads them into a table per route (bench/round-trips.mts).
  if (project.name === 'integration') {
    const roundTrips = join(process.cwd(), 'bench', '.out', 'round-trips');
    rmSync(roundTrips, { recursive: true, force: true });
    mkdirSync(roundTrips, { recursive: true });
    project.provide('roundTripsDir', roundTrips);
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    sdkEnvironment: Record<string, string>;
    /** The file the IAM harness's model of the synthesized stack is in. */
    iamModel: string;
    /** Where the integration files write each request's AWS calls (test/support/iam/round-trips.ts). */
    roundTripsDir?: string;
  }
}
