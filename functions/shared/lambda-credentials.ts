import { fromEnv } from '@aws-sdk/credential-provider-env';
import type { AwsCredentialIdentityProvider } from '@smithy/types';

/**
 * What every platform bundle gets in place of `@aws-sdk/credential-provider-node`, the SDK's
 * default credential chain (lib/bundling.ts swaps it in at bundle time). Lambda
 * hands a function its execution role's credentials in the reserved environment variables
 * `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`, the chain's first source.
 * The others (SSO, shared ini files, `credential_process` commands, web identity tokens, the
 * container and instance metadata endpoints) cannot apply there, yet cost 114–134 KB of every
 * bundle (bench/RESULTS.md). Leaving them out also means no function ever reads a config file or
 * runs a command named in one to get credentials: without the environment's, a call fails at once.
 * Tests and `vivified dev` run unbundled, with the whole chain.
 */
export const defaultProvider = (init?: Parameters<typeof fromEnv>[0]): AwsCredentialIdentityProvider =>
  fromEnv(init);
