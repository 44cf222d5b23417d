import type { APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
import { pluginCredentials } from '../../adapters/aws/plugin-credentials';
import { authorizePlugin } from './authorize';

const credentials = pluginCredentials({ keyId: process.env.VIVIFIED_SIGNING_KEY_ID ?? '' });

/** Lambda entry of the plugin-credential authorizer. */
export const handler = (event: APIGatewayTokenAuthorizerEvent) => authorizePlugin(event, credentials);
