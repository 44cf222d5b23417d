/**
 * How an installation's ECS service, task-definition family and Cloud Map service are named, and
 * the URL that name answers on inside the VPC. One module with no SDK in it, because the operator
 * lane reaches a plugin by this name alone and should not carry ECS or Cloud Map to do so.
 */

// With a UUID the name is 45 characters, within a DNS label's 63.
export const pluginServiceName = (installationId: string) => `vivified-${installationId}`;

/** `http://<service name>.<namespace>:<port>`: Cloud Map's A records for the service's running tasks. */
export const serviceEndpoint = (namespaceName: string, serviceName: string, port: number) =>
  `http://${serviceName}.${namespaceName}:${port}`;
