import type { TestProject } from 'vitest/node';
// @ts-expect-error — plain ESM script without type declarations; it must run before any build.
import { sdkEnvironment, up } from '../../localstack/emulators.mjs';

/**
 * Brings the emulators up once per run (reusing running ones) and hands the SDK environment to
 * every test worker. Emulators are left running so the next run starts instantly;
 * `npm run localstack:down` stops them.
 */
export default async function setup(project: TestProject): Promise<void> {
  await up();
  const env = sdkEnvironment() as Record<string, string>;
  for (const [key, value] of Object.entries(env)) {
    process.env[key] = value;
  }
  project.provide('sdkEnvironment', env);
}

declare module 'vitest' {
  export interface ProvidedContext {
    sdkEnvironment: Record<string, string>;
  }
}
