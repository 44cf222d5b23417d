import { inject } from 'vitest';

// Workers do not inherit the global setup's process.env changes; apply the provided SDK environment.
for (const [key, value] of Object.entries(inject('sdkEnvironment'))) {
  process.env[key] = value;
}
