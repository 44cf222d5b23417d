import { DescribeSecurityGroupsCommand, DescribeSubnetsCommand } from '@aws-sdk/client-ec2';
import { CreateClusterCommand } from '@aws-sdk/client-ecs';
import { ecs } from '../../../adapters/aws/clients';
import { ecsRuntime } from '../../../adapters/aws/ecs-runtime';
import { pluginRuntimeContract } from '../../contract/runtime.contract';
import { ec2 } from '../../support/ec2';
import { uniqueName } from '../../support/unique';

pluginRuntimeContract('ECS', async () => {
  const cluster = await ecs.send(new CreateClusterCommand({ clusterName: uniqueName('plugins') }));
  const subnets = await ec2.send(new DescribeSubnetsCommand({}));
  const groups = await ec2.send(new DescribeSecurityGroupsCommand({}));
  return ecsRuntime({
    cluster: cluster.cluster!.clusterArn!,
    subnets: [subnets.Subnets![0]!.SubnetId!],
    securityGroups: [groups.SecurityGroups![0]!.GroupId!],
  });
});
