import type { APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
import { pluginCredentials } from '../../adapters/aws/plugin-credentials';
import { setting } from '../shared/environment/setting';
import { authorizePlugin } from './authorize';

const credentials = pluginCredentials({ keyId: setting('credentialKey') ?? '' });

/** Lambda entry of the plugin-credential authorizer. */
export const handler = (event: APIGatewayTokenAuthorizerEvent) => authorizePlugin(event, credentials);
