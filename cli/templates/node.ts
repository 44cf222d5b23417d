import type { PluginTemplate } from './template';

/**
 * A Node.js plugin on sdk/node: it subscribes to new users (it sees them redacted to its
 * `internal` clearance) and exposes one operation. The logic sits in a pure module with its own
 * test, so the first edit an author makes is covered from the start.
 */
export const nodeTemplate: PluginTemplate = {
  language: 'node',
  sdk: { dir: 'sdk/node', entry: 'sdk/node/src' },
  importFrom: 'src',
  localCommand: (dir) => ['node', '--import', 'tsx', `${dir}/src/main.ts`],
  files: ({ id, name, sdkImport }) => ({
    'src/main.ts': `import { createPlugin } from '${sdkImport}';
import manifest from '../manifest.json';
import { type NewUser, summary } from './greeting';

const plugin = createPlugin({ manifest });

// Delivered from the plugin's own queue; throwing leaves the event for redelivery, then the
// dead-letter queue. The manifest's internal clearance means fields above it arrive removed.
plugin.on<NewUser>('UserCreated.v1', async (event) => {
  console.log(summary(event.data));
});

// Called by other plugins through the operator lane; the platform signs every call.
plugin.expose('describe', async (_payload, caller) => ({ plugin: manifest.id, calledBy: caller.pluginId }));

plugin.start().catch((error) => {
  console.error(error);
  process.exit(1);
});
`,
    'src/greeting.ts': `/** A new user as ${name} sees it: its manifest is cleared for internal data only. */
export interface NewUser {
  readonly userId: string;
  readonly roles?: readonly string[];
}

export const summary = (user: NewUser): string =>
  \`${id}: new user \${user.userId}\${user.roles?.length ? \` (\${user.roles.join(', ')})\` : ''}\`;
`,
    // Its own test config: run from the plugin's directory, vitest would otherwise take the
    // nearest project's config and look for tests elsewhere.
    'vitest.config.mts': `import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { include: ['test/**/*.test.ts'] } });
`,
    'test/greeting.test.ts': `import { describe, expect, it } from 'vitest';
import { summary } from '../src/greeting';

describe('summary', () => {
  it('names the user and their roles', () => {
    expect(summary({ userId: 'u-1', roles: ['patient'] })).toBe('${id}: new user u-1 (patient)');
    expect(summary({ userId: 'u-2' })).toBe('${id}: new user u-2');
  });
});
`,
  }),
  readme: ({ dir }) => `Run its test: \`cd ${dir} && npx vitest run\`.`,
};
