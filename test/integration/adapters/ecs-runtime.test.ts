import { randomUUID } from 'node:crypto';
import { DescribeSecurityGroupsCommand, DescribeSubnetsCommand } from '@aws-sdk/client-ec2';
import {
  CreateClusterCommand,
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
import { beforeAll, describe, expect, it } from 'vitest';
import { ecs, secrets } from '../../../adapters/aws/clients';
import { ecsRuntime } from '../../../adapters/aws/ecs-runtime';
import { taskRoles } from '../../../adapters/aws/task-roles';
import type { PluginRuntime, RuntimeLaunch } from '../../../core/installation/ports';
import { ec2 } from '../../support/ec2';
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
