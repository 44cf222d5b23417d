import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { PluginManifest } from '../../core/manifest/types';
import type { Role } from '../../core/policy';
import { CHECKOUT } from '../checkout';
import { readManifestFile } from '../manifest-file';
import { DEMO_MAILER_TOKEN, type DemoUpstream } from './demo-upstream';
import type { DevPlatform } from './platform';
import { DEMO_TENANT } from './users';

export { DEMO_TENANT };

/** The names a plugin folder's manifest may have, in the order they are looked for. */
const MANIFEST_NAMES = ['manifest.json', 'manifest.yaml', 'manifest.yml'];

/** The example plugins shipped in examples/, and the manifests found there that could not be read. */
export interface ExampleManifests {
  readonly manifests: readonly PluginManifest[];
  /** Each manifest file that does not parse, with why: the demo says so instead of skipping it quietly. */
  readonly unreadable: ReadonlyArray<{ readonly file: string; readonly reason: string }>;
}

/** Example plugins shipped in examples/: each folder with a manifest (JSON or YAML). */
export function exampleManifests(root = join(CHECKOUT, 'examples')): ExampleManifests {
  let folders: string[];
  try {
    folders = readdirSync(root).sort();
  } catch {
    return { manifests: [], unreadable: [] };
  }
  const manifests: PluginManifest[] = [];
  const unreadable: { file: string; reason: string }[] = [];
  for (const folder of folders) {
    const file = MANIFEST_NAMES.map((name) => join(root, folder, name)).find((path) => existsSync(path));
    if (!file) continue;
    try {
      manifests.push(readManifestFile(file) as PluginManifest);
    } catch (error) {
      unreadable.push({ file, reason: (error as Error).message });
    }
  }
  return { manifests, unreadable };
}

/** Config for the examples that need settings before they can run, pointing at the demo's upstreams. */
const demoConfig = (upstream: DemoUpstream): Readonly<Record<string, Record<string, unknown>>> => ({
  'ehr-sync': { feedUrl: `${upstream.ehrUrl}/fhir/Patient`, pollSeconds: 2 },
  notifier: {
    sender: 'welcome@demo-clinic.example',
    mailerUrl: `${upstream.mailerUrl}/v1/messages`,
    apiToken: DEMO_MAILER_TOKEN,
  },
});

async function api(platform: DevPlatform, token: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${platform.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/**
 * `--demo`: a tenant, a user for each role (their tokens printed to log in with), and the example
 * plugins registered, installed, configured and enabled — all through the public API, as a
 * platform team and a tenant would do it. Idempotent: what exists is left as it is.
 */
export async function seedDemo(
  platform: DevPlatform,
  upstream: DemoUpstream,
  say: (line: string) => void,
): Promise<Record<Role | 'platform_admin', string>> {
  const lifetime = 12 * 3600;
  const ops = await platform.issuer.issue({ subject: 'platform-operator', platformAdmin: true }, lifetime);
  const user = (subject: string, role: Role) =>
    platform.issuer.issue({ subject, tenantId: DEMO_TENANT, roles: [role] }, lifetime);
  const tokens = {
    platform_admin: ops,
    admin: await user('ada-admin', 'admin'),
    plugin_manager: await user('pat-plugin-manager', 'plugin_manager'),
    config_manager: await user('cam-config-manager', 'config_manager'),
    audit_viewer: await user('avi-audit-viewer', 'audit_viewer'),
  };
  await api(platform, ops, 'POST', '/v1/tenants', {
    id: DEMO_TENANT,
    name: 'Demo Clinic',
    tier: 'enterprise',
  });
  const examples = exampleManifests();
  // Registering validates what did parse; what did not is named here, or a typo in an example
  // would only show as a plugin missing from the console.
  for (const { file, reason } of examples.unreadable)
    say(
      `skipped ${relative(CHECKOUT, file)}: ${reason} (vivified manifest validate ${relative(CHECKOUT, file)})`,
    );
  for (const manifest of examples.manifests) {
    const registered = await api(platform, ops, 'POST', '/v1/plugins', manifest);
    if (registered.status !== 201 && registered.status !== 409)
      say(`could not register ${manifest.id}: ${JSON.stringify(registered.body)}`);
    const base = `/v1/tenants/${DEMO_TENANT}/installations`;
    await api(platform, tokens.plugin_manager, 'POST', base, {
      pluginId: manifest.id,
      version: manifest.version,
      consent: true,
    });
    const values = demoConfig(upstream)[manifest.id];
    if (values)
      await api(platform, tokens.config_manager, 'PUT', `${base}/${manifest.id}/config`, { values });
    const enabled = await api(platform, tokens.plugin_manager, 'POST', `${base}/${manifest.id}/enable`);
    say(
      enabled.status === 200
        ? `${manifest.id} is ${enabled.body.state}`
        : `${manifest.id}: ${enabled.body?.detail ?? enabled.status}`,
    );
  }
  return tokens;
}
