import { ecsRuntime } from '../../../../adapters/aws/ecs-runtime';
import { serviceEndpoint } from '../../../../adapters/aws/plugin-service-names';
import type { RuntimeProbe } from '../../../../core/ports';
import type { PlatformConfig } from '../config';

type ProbeConfig = Pick<
  PlatformConfig,
  'cluster' | 'serviceNamespaceId' | 'serviceNamespaceName' | 'endpointPattern' | 'platformKey' | 'clients'
>;

const provisionsNothing = async (): Promise<never> => {
  throw new Error('The health round’s runtime only reads status; provisioning is the lifecycle’s.');
};

/**
 * The runtime as the health round sees it: each installation's ECS service and its Cloud Map
 * endpoint (a name, computed, no Cloud Map call), and its credential secret to rotate. It carries
 * neither the task-role function's client nor any way to create or delete a service, so the
 * health function's bundle and role hold none of the lifecycle's.
 */
export const awsRuntimeProbe = (config: ProbeConfig): RuntimeProbe => {
  const namespaceName = config.serviceNamespaceName;
  const runtime = ecsRuntime({
    cluster: config.cluster,
    // Used by `start` alone, which this runtime never offers.
    subnets: [],
    securityGroups: [],
    serviceRegistry:
      config.serviceNamespaceId && namespaceName
        ? {
            endpoint: (name, port) => serviceEndpoint(namespaceName, name, port),
            ensure: provisionsNothing,
            remove: provisionsNothing,
          }
        : undefined,
    endpointPattern: config.endpointPattern,
    credentialKmsKeyId: config.platformKey,
    ecs: config.clients?.ecs,
    secrets: config.clients?.secrets,
  });
  return { status: runtime.status, rotateCredential: runtime.rotateCredential };
};
