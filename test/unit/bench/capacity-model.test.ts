import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CapacityInputs, COMPONENTS, costReport, monthlyCost } from '../../../bench/capacity-model';

const root = join(__dirname, '..', '..', '..');
const shipped = JSON.parse(
  readFileSync(join(root, 'bench', 'capacity-inputs.json'), 'utf8'),
) as CapacityInputs;

/** A tiny deployment: every price and rate a small distinct number, so each term shows. */
function tiny(): CapacityInputs {
  const price = (usd: number) => ({ usd, per: 'unit', source: 'https://example.org/price' });
  const names = Object.keys(shipped.prices) as (keyof CapacityInputs['prices'])[];
  return {
    ...shipped,
    hoursPerMonth: 10,
    installationSizes: [2],
    installationsPerTenant: 2,
    dedicatedKeyTenantShare: 1,
    prices: Object.fromEntries(
      names.map((name, index) => [name, price(index + 1)]),
    ) as CapacityInputs['prices'],
    deployment: { interfaceEndpoints: 3, availabilityZones: 2, platformKeys: 2, platformMetrics: 5 },
    installation: {
      taskVcpu: 0.5,
      taskGb: 1,
      healthRoundsPerMonth: 4,
      healthRound: {
        lambdaMs: 500,
        dynamoWrites: 1,
        dynamoReads: 2,
        sqsRequests: 1,
      },
      credentialRotationsPerMonth: 3,
      credentialRotation: { kmsSigns: 1, secretCalls: 1 },
      metricsPerInstallation: 1,
    },
    traffic: {
      eventsPublished: 3,
      copiesPerEvent: 2,
      eventsDelivered: 4,
      operatorCalls: 1,
      proxyCalls: 1,
      lambdaMemoryGb: 2,
      lambdaMsPerCall: 1000,
      lambdaInvocationsPerCall: 2,
      dynamoWritesPerCall: 3,
      dynamoReadsPerCall: 1,
      sqsRequestsPerDelivery: 3,
      sqsPollsPerAwakeHour: 2,
      kmsRequestsPerAwakeHour: 1,
      endpointGbPerInstallation: 1,
      logGbPerInstallation: 1,
      logRetentionMonths: 1,
      registryGbPerInstallation: 1,
      auditGbPerInstallation: 1,
      auditPutsPerInstallation: 1,
    },
    scaleToZero: { awakeHoursPerMonth: 5 },
  };
}

describe('the capacity cost model', () => {
  it('prices each component from its inputs, always on', () => {
    // Prepare
    const inputs = tiny();
    const { prices: p, traffic: t, installation: i, deployment: d } = inputs;
    const n = 2;
    const hours = inputs.hoursPerMonth;
    const calls = t.eventsPublished + t.operatorCalls + t.proxyCalls;
    const rounds = i.healthRoundsPerMonth;
    const rotations = i.credentialRotationsPerMonth;

    // Act
    const cost = monthlyCost(inputs, n, 'always-on');

    // Assess: each term written out from the inputs' own names.
    expect(cost.Fargate).toBeCloseTo(
      n * hours * (i.taskVcpu * p.fargateVcpuHour.usd + i.taskGb * p.fargateGbHour.usd),
    );
    expect(cost['API Gateway']).toBeCloseTo(n * calls * p.apiGatewayRequest.usd);
    expect(cost.EventBridge).toBeCloseTo(n * t.eventsPublished * t.copiesPerEvent * p.eventBridgeEvent.usd);
    expect(cost.SQS).toBeCloseTo(
      n *
        (t.eventsDelivered * t.sqsRequestsPerDelivery + t.sqsPollsPerAwakeHour * hours + rounds) *
        p.sqsRequest.usd,
    );
    // One tenant (2 installations, 2 per tenant), with a dedicated key.
    expect(cost.KMS).toBeCloseTo(
      (d.platformKeys + 1) * p.kmsKeyMonth.usd +
        n * hours * t.kmsRequestsPerAwakeHour * p.kmsSymmetricRequest.usd +
        n * rotations * p.kmsAsymmetricRequest.usd,
    );
    expect(cost['VPC endpoints']).toBeCloseTo(
      d.interfaceEndpoints * d.availabilityZones * hours * p.vpcEndpointAzHour.usd + n * p.vpcEndpointGb.usd,
    );
    expect(cost['Secrets Manager']).toBeCloseTo(n * (p.secretMonth.usd + rotations * p.secretRequest.usd));
    expect(cost['Cloud Map']).toBeCloseTo(n * p.cloudMapInstanceMonth.usd);
    expect(cost.total).toBeCloseTo(COMPONENTS.reduce((sum, c) => sum + cost[c], 0));
  });

  it('projects scale-to-zero by the awake share, leaving fixed and per-request costs alone', () => {
    // Prepare
    const inputs = tiny();
    const share = inputs.scaleToZero.awakeHoursPerMonth / inputs.hoursPerMonth;

    // Act
    const on = monthlyCost(inputs, 2, 'always-on');
    const asleep = monthlyCost(inputs, 2, 'scale-to-zero');

    // Assess
    expect(asleep.Fargate).toBeCloseTo(on.Fargate * share);
    expect(asleep['Cloud Map']).toBeCloseTo(on['Cloud Map'] * share);
    expect(asleep['API Gateway']).toBe(on['API Gateway']);
    expect(asleep['VPC endpoints']).toBe(on['VPC endpoints']);
    expect(asleep.total).toBeLessThan(on.total);
  });

  it('grows per-installation costs linearly and keeps the deployment’s fixed ones', () => {
    // Act
    const one = monthlyCost(shipped, 1000, 'always-on');
    const ten = monthlyCost(shipped, 10_000, 'always-on');

    // Assess
    expect(ten.Fargate).toBeCloseTo(one.Fargate * 10);
    expect(ten['VPC endpoints']).toBeLessThan(one['VPC endpoints'] * 2);
  });

  it('is what docs/capacity.md shows (npm run capacity -- --write)', () => {
    // Prepare: the formatter pads table cells and rules; compare without the padding.
    const unpadded = (text: string) => text.replace(/-{3,}/g, '---').replace(/ {2,}/g, ' ');

    // Act
    const doc = readFileSync(join(root, 'docs', 'capacity.md'), 'utf8');
    const shown = doc.split('<!-- capacity:begin -->\n')[1]?.split('\n<!-- capacity:end -->')[0];

    // Assess
    expect(unpadded(shown ?? '')).toBe(unpadded(costReport(shipped)));
  });
});
