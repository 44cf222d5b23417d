import { EC2Client } from '@aws-sdk/client-ec2';

/**
 * EC2 only serves tests (the subnets and security groups moto's ECS checks); kept out of the
 * adapters' shared clients so no Lambda bundle carries it.
 */
export const ec2 = new EC2Client({});
