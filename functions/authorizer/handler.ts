import type { APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
import { awsCredentials } from '../shared/platform/aws/credentials';
import { composePlatform } from '../shared/platform/compose';
import { configFromEnvironment } from '../shared/platform/config';
import { authorizePlugin } from './authorize';

const { identity } = composePlatform(configFromEnvironment('authorizer'), { credentials: awsCredentials });

/** Lambda entry of the plugin-credential authorizer. */
export const handler = (event: APIGatewayTokenAuthorizerEvent) => authorizePlugin(event, identity);
