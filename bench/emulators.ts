// @ts-expect-error — plain ESM script without type declarations, shared with the test setup.
import { sdkEnvironment, up } from '../localstack/emulators.mjs';

/**
 * Points the AWS SDK at the emulators (LocalStack, moto), starting them if none are running —
 * running ones are reused and never stopped. Call it before importing anything that builds SDK
 * clients: adapters/aws/clients.ts reads the environment when it loads.
 */
export async function connectToEmulators(): Promise<void> {
  await up();
  for (const [key, value] of Object.entries(sdkEnvironment() as Record<string, string>)) {
    process.env[key] = value;
  }
}
