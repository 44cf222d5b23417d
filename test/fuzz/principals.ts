import { KMSClient } from '@aws-sdk/client-kms';
import { pluginCredentials } from '../../adapters/aws/plugin-credentials';
import { CONSOLE_USERS, DEMO_TENANT } from '../../cli/dev/users';
import { devToken, type RunningDev } from '../e2e/support/dev-process';

/** The security schemes of schemas/openapi.json, and `none` for the operations that have none. */
export type Scheme = 'userToken' | 'pluginCredential' | 'none';

/** Someone the fuzzer calls the API as: a development user, a running plugin, or nobody. */
export interface Principal {
  readonly name: string;
  readonly scheme: Scheme;
  /** The bearer token, fresh for each run (a plugin credential lives an hour). */
  token(lifetimeSeconds: number): Promise<string | undefined>;
}

/** Each development user of the demo, signed in as the console does it (`POST /dev/login`). */
export async function userPrincipals(dev: RunningDev): Promise<Principal[]> {
  return Promise.all(
    CONSOLE_USERS.map(async (user) => {
      const token = await devToken(dev.url, user.id);
      if (!token) throw new Error(`POST /dev/login gave no token for ${user.id}`);
      return { name: user.id, scheme: 'userToken' as const, token: async () => token };
    }),
  );
}

interface Installation {
  readonly tenantId: string;
  readonly pluginId: string;
  readonly installationId: string;
  readonly pluginVersion: string;
  readonly state: string;
}

/**
 * Each running demo plugin, holding the credential the platform gives it. The credential is what
 * `vivified dev` issues at launch (the VIVIFIED_CREDENTIAL of the plugin's process): the platform's
 * own credential port, signing with the dev platform's KMS key (`alias/<prefix>/credentials`) for
 * the installation the API lists. Reading it out of a plugin's process environment would tie the
 * fuzzer to Linux's /proc and to the process runtime; issuing it through the port needs neither.
 */
export async function pluginPrincipals(
  dev: RunningDev,
  adminToken: string,
  /** Where the emulators are: `sdkEnvironment()` of localstack/emulators.mjs. */
  emulators: { readonly AWS_ENDPOINT_URL: string; readonly AWS_REGION: string },
): Promise<Principal[]> {
  const response = await fetch(`${dev.url}/v1/tenants/${DEMO_TENANT}/installations`, {
    headers: { authorization: `Bearer ${adminToken}` },
  });
  if (!response.ok) throw new Error(`listing the demo's installations answered ${response.status}`);
  const { items } = (await response.json()) as { items: Installation[] };
  const running = items.filter((installation) => installation.state === 'Active');
  if (running.length === 0) throw new Error('the demo has no Active installation to take a credential from');
  const kms = new KMSClient({
    endpoint: emulators.AWS_ENDPOINT_URL,
    region: emulators.AWS_REGION,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  return running.map((installation) => ({
    name: installation.pluginId,
    scheme: 'pluginCredential' as const,
    async token(lifetimeSeconds: number) {
      const credentials = pluginCredentials({
        keyId: `alias/${dev.prefix}/credentials`,
        lifetimeSeconds,
        kms,
      });
      const { tenantId, installationId, pluginId, pluginVersion } = installation;
      return (await credentials.issue({ tenantId, installationId, pluginId, pluginVersion })).token;
    },
  }));
}

/** For the operations with no security requirement (the operator lane's public keys). */
export const anonymous: Principal = { name: 'anonymous', scheme: 'none', token: async () => undefined };
