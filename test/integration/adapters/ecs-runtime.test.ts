import { randomUUID } from 'node:crypto';
import { DescribeSecurityGroupsCommand, DescribeSubnetsCommand } from '@aws-sdk/client-ec2';
import {
  CreateClusterCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ListTaskDefinitionsCommand,
} from '@aws-sdk/client-ecs';
import {
  CreatePolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  NoSuchEntityException,
} from '@aws-sdk/client-iam';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import {
  CreatePrivateDnsNamespaceCommand,
  GetOperationCommand,
  GetServiceCommand,
  ListServicesCommand,
  ListTagsForResourceCommand,
  ResourceInUse,
  ServiceNotFound,
} from '@aws-sdk/client-servicediscovery';
import { beforeAll, describe, expect, it } from 'vitest';
import { ecs, secrets } from '../../../adapters/aws/clients';
import { ecsRuntime } from '../../../adapters/aws/ecs-runtime';
import { cloudMapRegistry, serviceDiscovery } from '../../../adapters/aws/service-registry';
import { taskRoles } from '../../../adapters/aws/task-roles';
import { DependencyUnavailableError } from '../../../core/errors';
import type { PluginRuntime, RuntimeLaunch } from '../../../core/ports';
import { awsRuntime } from '../../../functions/shared/platform/aws/runtime';
import { composePlatform } from '../../../functions/shared/platform/compose';
import { configFromEnvironment } from '../../../functions/shared/platform/config';
import { ec2 } from '../../support/ec2';
import { playedBy } from '../../support/iam/caller';
import { standIn } from '../../support/iam/stand-ins';
import { uniqueName } from '../../support/unique';

describe('ECS runtime', () => {
  let runtime: PluginRuntime;

  beforeAll(async () => {
    const cluster = await ecs.send(new CreateClusterCommand({ clusterName: uniqueName('plugins') }));
    const subnets = await ec2.send(new DescribeSubnetsCommand({}));
    const groups = await ec2.send(new DescribeSecurityGroupsCommand({}));
    runtime = ecsRuntime({
      cluster: cluster.cluster!.clusterArn!,
      subnets: [subnets.Subnets![0]!.SubnetId!],
      securityGroups: [groups.SecurityGroups![0]!.GroupId!],
    });
  });

  const launch = (): RuntimeLaunch => {
    const installationId = randomUUID();
    return {
      tenantId: 'clinic-a',
      pluginId: 'ehr-sync',
      installationId,
      pluginVersion: '1.0.0',
      runtime: {
        image: 'public.ecr.aws/vivified/ehr-sync:1.0.0',
        cpu: 256,
        memory: 512,
        port: 8080,
        health_path: '/health',
      },
      environment: { VIVIFIED_TENANT_ID: 'clinic-a', VIVIFIED_INSTALLATION_ID: installationId },
      credential: 'credential-for-test',
    };
  };

  it('runs one hardened Fargate task per installation and scales it to zero on stop', async () => {
    // Act
    const spec = launch();
    const started = await runtime.start(spec);
    const running = await runtime.status(spec.installationId);
    await runtime.stop(spec.installationId);
    const stopped = await runtime.status(spec.installationId);

    // Assess
    expect(running).toMatchObject({ exists: true, desired: 1 });
    expect(stopped).toMatchObject({ exists: true, desired: 0 });
    const { taskDefinition } = await ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: started.taskDefinition }),
    );
    const container = taskDefinition!.containerDefinitions![0]!;
    expect(container.user).toBe('1000:1000');
    expect(container.readonlyRootFilesystem).toBe(true);
    expect(container.environment).toEqual(
      expect.arrayContaining([{ name: 'VIVIFIED_TENANT_ID', value: 'clinic-a' }]),
    );
    expect(container.healthCheck?.command?.[1]).toContain('/health');
    // The credential reaches the task as an ECS secret, never as a plain environment value.
    expect(container.secrets).toEqual([
      { name: 'VIVIFIED_CREDENTIAL', valueFrom: expect.stringContaining('credential') },
    ]);
    expect(JSON.stringify(container.environment)).not.toContain('credential-for-test');
    const stored = await secrets.send(
      new GetSecretValueCommand({ SecretId: container.secrets![0]!.valueFrom }),
    );
    expect(stored.SecretString).toBe('credential-for-test');
    await runtime.rotateCredential(spec.installationId, 'rotated-credential');
    const rotated = await secrets.send(
      new GetSecretValueCommand({ SecretId: container.secrets![0]!.valueFrom }),
    );
    expect(rotated.SecretString).toBe('rotated-credential');
  });

  it('is idempotent: starting twice keeps one service, removing twice is harmless', async () => {
    // Prepare
    const spec = launch();

    // Act
    const first = await runtime.start(spec);
    const second = await runtime.start(spec);
    await runtime.remove(spec.installationId);
    await runtime.remove(spec.installationId);

    // Assess
    expect(second.handle).toBe(first.handle);
    expect(await runtime.status(spec.installationId)).toEqual({ exists: false, desired: 0, running: 0 });
    const left = await ecs.send(
      new ListTaskDefinitionsCommand({ familyPrefix: `vivified-${spec.installationId}`, status: 'ACTIVE' }),
    );
    expect(left.taskDefinitionArns).toEqual([]);
  });

  it('gives each installation a task role of its own: its queue only, under the plugin boundary, gone on removal', async () => {
    const iam = new IAMClient({});
    const path = `/${uniqueName('vivified-test', 40)}/`;
    const { Policy } = await iam.send(
      new CreatePolicyCommand({
        PolicyName: uniqueName('boundary', 60),
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'sqs:ReceiveMessage', Resource: '*' }],
        }),
      }),
    );
    const withRoles = ecsRuntime({
      cluster: (await ecs.send(new CreateClusterCommand({ clusterName: uniqueName('plugins') }))).cluster!
        .clusterArn!,
      subnets: [(await ec2.send(new DescribeSubnetsCommand({}))).Subnets![0]!.SubnetId!],
      securityGroups: [(await ec2.send(new DescribeSecurityGroupsCommand({}))).SecurityGroups![0]!.GroupId!],
      taskRoles: taskRoles({
        path,
        permissionsBoundaryArn: Policy!.Arn!,
        queueKeyArn: 'arn:aws:kms:us-east-1:000000000000:key/k',
      }),
    });
    const spec = {
      ...launch(),
      environment: {
        VIVIFIED_QUEUE_URL: 'http://sqs.us-east-1.localhost.localstack.cloud:4566/000000000000/vivified-q1',
      },
    };

    await withRoles.start(spec);
    await withRoles.start(spec); // a retried enable converges on the same role

    const { Role } = await iam.send(new GetRoleCommand({ RoleName: spec.installationId }));
    expect(Role).toMatchObject({ Path: path, PermissionsBoundary: { PermissionsBoundaryArn: Policy!.Arn } });
    expect(decodeURIComponent(Role!.AssumeRolePolicyDocument!)).toContain('ecs-tasks.amazonaws.com');
    const { PolicyDocument } = await iam.send(
      new GetRolePolicyCommand({ RoleName: spec.installationId, PolicyName: 'installation-queue' }),
    );
    const statements = JSON.parse(decodeURIComponent(PolicyDocument!)).Statement;
    expect(statements[0].Resource).toBe('arn:aws:sqs:us-east-1:000000000000:vivified-q1');
    expect(statements[1]).toMatchObject({ Action: 'kms:Decrypt' });
    const { taskDefinitionArns } = await ecs.send(
      new ListTaskDefinitionsCommand({ familyPrefix: `vivified-${spec.installationId}` }),
    );
    const { taskDefinition } = await ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: taskDefinitionArns!.at(-1)! }),
    );
    expect(taskDefinition?.taskRoleArn).toBe(Role!.Arn);

    await withRoles.remove(spec.installationId);
    await withRoles.remove(spec.installationId);
    await expect(iam.send(new GetRoleCommand({ RoleName: spec.installationId }))).rejects.toBeInstanceOf(
      NoSuchEntityException,
    );
  });
});

describe('ECS runtime with Cloud Map', () => {
  let namespace: { id: string; name: string };
  let cluster: string;
  let network: { subnets: string[]; securityGroups: string[] };
  let runtime: PluginRuntime;

  beforeAll(async () => {
    const name = `${uniqueName('plugins')}.internal`;
    // moto allows one namespace per VPC id and never checks the VPC exists: each run gets its own id.
    const { OperationId } = await serviceDiscovery.send(
      new CreatePrivateDnsNamespaceCommand({ Name: name, Vpc: uniqueName('vpc') }),
    );
    const { Operation } = await serviceDiscovery.send(new GetOperationCommand({ OperationId }));
    namespace = { id: Operation!.Targets!.NAMESPACE!, name };
    cluster = (await ecs.send(new CreateClusterCommand({ clusterName: uniqueName('plugins') }))).cluster!
      .clusterArn!;
    network = {
      subnets: [(await ec2.send(new DescribeSubnetsCommand({}))).Subnets![0]!.SubnetId!],
      securityGroups: [(await ec2.send(new DescribeSecurityGroupsCommand({}))).SecurityGroups![0]!.GroupId!],
    };
    // Deployed, the lifecycle function runs this runtime: the IAM harness holds it to that role.
    standIn('cluster', cluster.split('/').at(-1)!);
    standIn('namespace', namespace.id);
    runtime = playedBy(
      'lifecycle',
      ecsRuntime({
        cluster,
        ...network,
        serviceRegistry: cloudMapRegistry({ namespaceId: namespace.id, namespaceName: namespace.name }),
      }),
    );
  });

  const launch = (port = 8080): RuntimeLaunch => {
    const installationId = randomUUID();
    return {
      tenantId: 'clinic-a',
      pluginId: 'storage',
      installationId,
      pluginVersion: '1.0.0',
      runtime: {
        image: 'public.ecr.aws/vivified/storage:1.0.0',
        cpu: 256,
        memory: 512,
        port,
        health_path: '/health',
      },
      environment: { VIVIFIED_INSTALLATION_ID: installationId },
      credential: 'credential-for-test',
    };
  };

  /** The namespace's Cloud Map services named for the installation. */
  const registered = async (installationId: string) => {
    const { Services } = await serviceDiscovery.send(
      new ListServicesCommand({
        Filters: [{ Name: 'NAMESPACE_ID', Values: [namespace.id], Condition: 'EQ' }],
      }),
    );
    return (Services ?? []).filter((s) => s.Name === `vivified-${installationId}`);
  };
  const ecsService = async (installationId: string) =>
    (
      await ecs.send(new DescribeServicesCommand({ cluster, services: [`vivified-${installationId}`] }))
    ).services!.find((s) => s.status !== 'INACTIVE');

  it('is what a deployed function builds from its environment: the namespace variables switch Cloud Map on', async () => {
    // Prepare: the variables the CDK app sets on the installations, health and operator functions.
    const deployed = {
      VIVIFIED_CLUSTER: cluster,
      VIVIFIED_SUBNETS: network.subnets.join(','),
      VIVIFIED_SECURITY_GROUPS: network.securityGroups.join(','),
      VIVIFIED_KMS_KEY_ID: 'alias/aws/secretsmanager',
      VIVIFIED_SERVICE_NAMESPACE_ID: namespace.id,
      VIVIFIED_SERVICE_NAMESPACE_NAME: namespace.name,
    };
    const saved = Object.fromEntries(Object.keys(deployed).map((name) => [name, process.env[name]]));
    Object.assign(process.env, deployed);
    let fromEnvironment: PluginRuntime;
    try {
      fromEnvironment = composePlatform(configFromEnvironment('vivified-test'), {
        runtime: awsRuntime,
      }).runtime;
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
    const spec = launch(8443);

    // Act
    await fromEnvironment.start(spec);
    const status = await fromEnvironment.status(spec.installationId);

    // Assess
    expect(await registered(spec.installationId)).toHaveLength(1);
    expect(status.endpoint).toBe(`http://vivified-${spec.installationId}.${namespace.name}:8443`);
    await fromEnvironment.remove(spec.installationId);
    expect(await registered(spec.installationId)).toEqual([]);
  });

  it('gives the installation a Cloud Map service of its own, registers its ECS service there and answers at its name', async () => {
    // Prepare
    const spec = launch(9090);

    // Act
    await runtime.start(spec);
    const status = await runtime.status(spec.installationId);

    // Assess
    const [summary] = await registered(spec.installationId);
    const { Service } = await serviceDiscovery.send(new GetServiceCommand({ Id: summary!.Id }));
    expect(Service).toMatchObject({
      NamespaceId: namespace.id,
      DnsConfig: { RoutingPolicy: 'MULTIVALUE', DnsRecords: [{ Type: 'A', TTL: 10 }] },
      HealthCheckCustomConfig: { FailureThreshold: 1 },
    });
    const { Tags } = await serviceDiscovery.send(
      new ListTagsForResourceCommand({ ResourceARN: Service!.Arn }),
    );
    expect(Tags).toEqual(
      expect.arrayContaining([
        { Key: 'vivified:tenant', Value: 'clinic-a' },
        { Key: 'vivified:installation', Value: spec.installationId },
      ]),
    );
    expect((await ecsService(spec.installationId))!.serviceRegistries).toEqual([
      { registryArn: Service!.Arn },
    ]);
    // The name Cloud Map answers for, with the port the manifest declares.
    expect(status).toMatchObject({
      exists: true,
      endpoint: `http://vivified-${spec.installationId}.${namespace.name}:9090`,
    });
  });

  it('converges on one Cloud Map service per installation however often it starts, and deletes it at removal', async () => {
    // Prepare
    const first = launch();
    const second = launch();

    // Act
    await runtime.start(first);
    await runtime.start(first); // a retried enable, or enable after disable
    await runtime.start(second);
    const [firstService] = await registered(first.installationId);
    const [secondService] = await registered(second.installationId);
    await runtime.remove(first.installationId);
    await runtime.remove(first.installationId);

    // Assess
    expect(firstService).toBeDefined();
    expect(secondService).toBeDefined();
    expect(secondService!.Arn).not.toBe(firstService!.Arn);
    expect((await ecsService(second.installationId))!.serviceRegistries).toEqual([
      { registryArn: secondService!.Arn },
    ]);
    expect(await registered(first.installationId)).toEqual([]);
    await expect(
      serviceDiscovery.send(new GetServiceCommand({ Id: firstService!.Id })),
    ).rejects.toBeInstanceOf(ServiceNotFound);
    expect(await runtime.status(first.installationId)).toEqual({ exists: false, desired: 0, running: 0 });
    expect(await registered(second.installationId)).toHaveLength(1);
  });

  it('registers an ECS service made before it had a Cloud Map service at its next start', async () => {
    // Prepare: started by a runtime that registered nothing
    const spec = launch();
    await ecsRuntime({ cluster, ...network }).start(spec);
    const unregistered = await runtime.status(spec.installationId);

    // Act
    await runtime.start(spec);

    // Assess
    expect(unregistered.endpoint).toBeUndefined();
    const [service] = await registered(spec.installationId);
    expect((await ecsService(spec.installationId))!.serviceRegistries).toEqual([
      { registryArn: service!.Arn },
    ]);
    expect((await runtime.status(spec.installationId)).endpoint).toBe(
      `http://vivified-${spec.installationId}.${namespace.name}:8080`,
    );
  });

  it('waits for ECS to deregister the stopping tasks before deleting the Cloud Map service, and says to retry if they outlast it', async () => {
    // Prepare: moto's ECS registers no tasks, so Cloud Map's refusal while they drain is played here.
    const quick = ecsRuntime({
      cluster,
      ...network,
      serviceRegistry: cloudMapRegistry({
        namespaceId: namespace.id,
        namespaceName: namespace.name,
        drainTimeoutMs: 2_500,
      }),
    });
    const draining = launch();
    const stuck = launch();
    await quick.start(draining);
    await quick.start(stuck);
    let refusals = 0;
    let refusing: (id: string) => boolean = () => false;
    const [drainingService] = await registered(draining.installationId);
    const [stuckService] = await registered(stuck.installationId);
    const refuseWhileDraining = {
      applyToStack(stack: typeof serviceDiscovery.middlewareStack) {
        stack.add(
          (next, context) => async (args) => {
            const id = (args.input as { Id?: string }).Id ?? '';
            if (context.commandName === 'DeleteServiceCommand' && refusing(id)) {
              refusals += 1;
              throw new ResourceInUse({ message: 'Service contains registered instances', $metadata: {} });
            }
            return next(args);
          },
          { step: 'initialize', name: 'testRefuseWhileDraining' },
        );
      },
    };
    serviceDiscovery.middlewareStack.use(refuseWhileDraining);
    try {
      // Act
      refusing = (id) => id === drainingService!.Id && refusals < 2;
      await quick.remove(draining.installationId);
      const refusedWhileDraining = refusals;
      refusing = (id) => id === stuckService!.Id;
      const outlasted = quick.remove(stuck.installationId);

      // Assess
      expect(refusedWhileDraining).toBe(2);
      await expect(outlasted).rejects.toBeInstanceOf(DependencyUnavailableError);
    } finally {
      serviceDiscovery.middlewareStack.remove('testRefuseWhileDraining');
    }
    expect(await registered(draining.installationId)).toEqual([]);
    // Kept, so a retried uninstall finds and deletes it once the tasks are gone.
    expect(await registered(stuck.installationId)).toHaveLength(1);
    await quick.remove(stuck.installationId);
    expect(await registered(stuck.installationId)).toEqual([]);
  });
});
