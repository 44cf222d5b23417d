import { DescribeSecurityGroupsCommand, DescribeSubnetsCommand } from '@aws-sdk/client-ec2';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServicesCommand,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { ecs } from '../../../adapters/aws/clients';
import { ec2 } from '../../support/ec2';
import { uniqueName } from '../../support/unique';

describe('ECS on moto', () => {
  it('registers a Fargate task definition, creates a service and describes it back', async () => {
    // Prepare: Fargate services need a subnet that exists; moto ships a default VPC with subnets.
    const subnets = await ec2.send(new DescribeSubnetsCommand({}));
    const subnetId = subnets.Subnets![0]!.SubnetId!;
    const groups = await ec2.send(new DescribeSecurityGroupsCommand({}));
    const securityGroupId = groups.SecurityGroups![0]!.GroupId!;
    const cluster = await ecs.send(new CreateClusterCommand({ clusterName: uniqueName('plugins') }));
    const clusterArn = cluster.cluster!.clusterArn!;
    const family = uniqueName('ehr-sync');
    const taskDefinition = await ecs.send(
      new RegisterTaskDefinitionCommand({
        family,
        requiresCompatibilities: ['FARGATE'],
        networkMode: 'awsvpc',
        cpu: '256',
        memory: '512',
        containerDefinitions: [
          {
            name: 'plugin',
            image: 'public.ecr.aws/example/ehr-sync:1.0.0',
            essential: true,
            readonlyRootFilesystem: true,
            user: '1000:1000',
            portMappings: [{ containerPort: 8080 }],
          },
        ],
      }),
    );

    // Act
    const serviceName = uniqueName('svc');
    await ecs.send(
      new CreateServiceCommand({
        cluster: clusterArn,
        serviceName,
        taskDefinition: taskDefinition.taskDefinition!.taskDefinitionArn,
        desiredCount: 1,
        launchType: 'FARGATE',
        networkConfiguration: {
          awsvpcConfiguration: {
            subnets: [subnetId],
            securityGroups: [securityGroupId],
            assignPublicIp: 'DISABLED',
          },
        },
        tags: [{ key: 'vivified:tenant', value: 't-1' }],
      }),
    );
    const described = await ecs.send(
      new DescribeServicesCommand({ cluster: clusterArn, services: [serviceName] }),
    );

    // Assess
    const service = described.services?.[0];
    expect(service?.serviceName).toBe(serviceName);
    expect(service?.launchType).toBe('FARGATE');
    expect(service?.desiredCount).toBe(1);
    expect(service?.taskDefinition).toContain(family);
    expect(taskDefinition.taskDefinition?.requiresCompatibilities).toEqual(['FARGATE']);
  });
});
