/**
 * The monthly cost of one deployment at a number of installations, per AWS component, from the
 * list prices and traffic mix in ./capacity-inputs.json. Pure arithmetic, so a unit test can hold
 * it to its inputs (test/unit/bench/capacity-model.test.ts) and `npm run capacity` prints it.
 */

export interface Price {
  readonly usd: number;
  readonly per: string;
  readonly source: string;
}

type PriceName =
  | 'fargateVcpuHour'
  | 'fargateGbHour'
  | 'lambdaRequest'
  | 'lambdaGbSecond'
  | 'apiGatewayRequest'
  | 'eventBridgeEvent'
  | 'sqsRequest'
  | 'kmsKeyMonth'
  | 'kmsSymmetricRequest'
  | 'kmsAsymmetricRequest'
  | 'dynamoWriteUnit'
  | 'dynamoReadUnit'
  | 'dynamoGbMonth'
  | 's3GbMonth'
  | 's3Put'
  | 'vpcEndpointAzHour'
  | 'vpcEndpointGb'
  | 'logsIngestGb'
  | 'logsStoreGbMonth'
  | 'metricMonth'
  | 'secretMonth'
  | 'secretRequest'
  | 'cloudMapInstanceMonth';

export interface CapacityInputs {
  readonly region: string;
  readonly pricesReadOn: string;
  readonly hoursPerMonth: number;
  readonly installationSizes: readonly number[];
  readonly installationsPerTenant: number;
  readonly dedicatedKeyTenantShare: number;
  readonly prices: Readonly<Record<PriceName, Price>>;
  readonly deployment: {
    readonly interfaceEndpoints: number;
    readonly availabilityZones: number;
    readonly platformKeys: number;
    readonly platformMetrics: number;
  };
  readonly installation: {
    readonly taskVcpu: number;
    readonly taskGb: number;
    readonly healthRoundsPerMonth: number;
    readonly healthRound: {
      readonly lambdaMs: number;
      readonly dynamoWrites: number;
      readonly dynamoReads: number;
      readonly sqsRequests: number;
    };
    /** How often the health round replaces the stored credential (core/installation/credential-refresh.ts). */
    readonly credentialRotationsPerMonth: number;
    readonly credentialRotation: {
      readonly kmsSigns: number;
      readonly secretCalls: number;
    };
    readonly metricsPerInstallation: number;
  };
  readonly traffic: {
    readonly eventsPublished: number;
    readonly copiesPerEvent: number;
    readonly eventsDelivered: number;
    readonly operatorCalls: number;
    readonly proxyCalls: number;
    readonly lambdaMemoryGb: number;
    readonly lambdaMsPerCall: number;
    readonly lambdaInvocationsPerCall: number;
    readonly dynamoWritesPerCall: number;
    readonly dynamoReadsPerCall: number;
    readonly sqsRequestsPerDelivery: number;
    readonly sqsPollsPerAwakeHour: number;
    readonly kmsRequestsPerAwakeHour: number;
    readonly endpointGbPerInstallation: number;
    readonly logGbPerInstallation: number;
    readonly logRetentionMonths: number;
    readonly registryGbPerInstallation: number;
    readonly auditGbPerInstallation: number;
    readonly auditPutsPerInstallation: number;
  };
  readonly scaleToZero: { readonly awakeHoursPerMonth: number };
}

/** Every installation runs one task around the clock, or (scale-to-zero) only while awake. */
export type RuntimeMode = 'always-on' | 'scale-to-zero';

export const COMPONENTS = [
  'Fargate',
  'Lambda',
  'API Gateway',
  'EventBridge',
  'SQS',
  'KMS',
  'DynamoDB',
  'S3',
  'VPC endpoints',
  'CloudWatch',
  'Secrets Manager',
  'Cloud Map',
] as const;
export type Component = (typeof COMPONENTS)[number];

export type MonthlyCost = Readonly<Record<Component, number>> & { readonly total: number };

/** The deployment's monthly cost in US dollars, per component, at `installations` installations. */
export function monthlyCost(inputs: CapacityInputs, installations: number, mode: RuntimeMode): MonthlyCost {
  const { prices: p, traffic: t, installation: i, deployment: d } = inputs;
  const n = installations;
  const hours = inputs.hoursPerMonth;
  const awakeHours = mode === 'always-on' ? hours : Math.min(hours, inputs.scaleToZero.awakeHoursPerMonth);
  // As built (application/health/idle.ts): the health round still counts a sleeping
  // installation's dead letters, reads its queue backlog, saves its health record and, near its
  // expiry, rotates its credential (so a copy the operator lane wakes starts with a valid one), but
  // probes only those awake.
  const awakeShare = awakeHours / hours;
  const rounds = i.healthRoundsPerMonth;
  const awakeRounds = rounds * awakeShare;
  const rotations = i.credentialRotationsPerMonth;
  const laneCalls = t.eventsPublished + t.operatorCalls + t.proxyCalls;
  const tenants = Math.ceil(n / inputs.installationsPerTenant);
  const dedicatedKeys = Math.round(tenants * inputs.dedicatedKeyTenantShare);

  const gbSeconds = (ms: number) => (ms / 1000) * t.lambdaMemoryGb;
  const cost: Record<Component, number> = {
    Fargate: n * awakeHours * (i.taskVcpu * p.fargateVcpuHour.usd + i.taskGb * p.fargateGbHour.usd),
    Lambda:
      n *
        laneCalls *
        t.lambdaInvocationsPerCall *
        (p.lambdaRequest.usd + gbSeconds(t.lambdaMsPerCall) * p.lambdaGbSecond.usd) +
      // One health invocation per round for the whole deployment, its time spent per installation.
      rounds * p.lambdaRequest.usd +
      n * awakeRounds * gbSeconds(i.healthRound.lambdaMs) * p.lambdaGbSecond.usd,
    'API Gateway': n * laneCalls * p.apiGatewayRequest.usd,
    EventBridge: n * t.eventsPublished * t.copiesPerEvent * p.eventBridgeEvent.usd,
    SQS:
      n *
      (t.eventsDelivered * t.sqsRequestsPerDelivery +
        t.sqsPollsPerAwakeHour * awakeHours +
        rounds * i.healthRound.sqsRequests) *
      p.sqsRequest.usd,
    KMS:
      (d.platformKeys + dedicatedKeys) * p.kmsKeyMonth.usd +
      n * t.kmsRequestsPerAwakeHour * awakeHours * p.kmsSymmetricRequest.usd +
      n * rotations * i.credentialRotation.kmsSigns * p.kmsAsymmetricRequest.usd,
    DynamoDB:
      n * (laneCalls * t.dynamoWritesPerCall + rounds * i.healthRound.dynamoWrites) * p.dynamoWriteUnit.usd +
      n * (laneCalls * t.dynamoReadsPerCall + rounds * i.healthRound.dynamoReads) * p.dynamoReadUnit.usd +
      n * t.registryGbPerInstallation * p.dynamoGbMonth.usd,
    S3: n * (t.auditGbPerInstallation * p.s3GbMonth.usd + t.auditPutsPerInstallation * p.s3Put.usd),
    'VPC endpoints':
      d.interfaceEndpoints * d.availabilityZones * hours * p.vpcEndpointAzHour.usd +
      n * t.endpointGbPerInstallation * p.vpcEndpointGb.usd,
    CloudWatch:
      n * t.logGbPerInstallation * (p.logsIngestGb.usd + t.logRetentionMonths * p.logsStoreGbMonth.usd) +
      (d.platformMetrics + n * i.metricsPerInstallation) * p.metricMonth.usd,
    'Secrets Manager':
      n * (p.secretMonth.usd + rotations * i.credentialRotation.secretCalls * p.secretRequest.usd),
    // Cloud Map bills an instance while it is registered: only while a task runs.
    'Cloud Map': n * awakeShare * p.cloudMapInstanceMonth.usd,
  };
  const total = COMPONENTS.reduce((sum, component) => sum + cost[component], 0);
  return { ...cost, total };
}

const usd = (value: number) =>
  value >= 100 ? `$${Math.round(value).toLocaleString('en-US')}` : `$${value.toFixed(2)}`;

/** A markdown table: one row per component, one column per installation count. */
export function costTable(inputs: CapacityInputs, mode: RuntimeMode): string {
  const sizes = inputs.installationSizes;
  const costs = sizes.map((n) => monthlyCost(inputs, n, mode));
  const row = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [
    row(['component', ...sizes.map((n) => `${n.toLocaleString('en-US')} installations`)]),
    row(['---', ...sizes.map(() => '---:')]),
    ...COMPONENTS.map((component) => row([component, ...costs.map((c) => usd(c[component]))])),
    row(['**total per month**', ...costs.map((c) => `**${usd(c.total)}**`)]),
    row(['per installation', ...costs.map((c, index) => usd(c.total / sizes[index]!))]),
  ].join('\n');
}

/** Both tables with their headings, as docs/capacity.md carries them between its markers. */
export function costReport(inputs: CapacityInputs): string {
  return [
    `Monthly list-price cost in ${inputs.region}, prices read ${inputs.pricesReadOn} (bench/capacity-inputs.json).`,
    '',
    '**Today: one Fargate task per installation around the clock.**',
    '',
    costTable(inputs, 'always-on'),
    '',
    `**Scale-to-zero (built for the process runtime; the ECS wiring is a projection), each installation awake ${inputs.scaleToZero.awakeHoursPerMonth} hours a month.**`,
    '',
    costTable(inputs, 'scale-to-zero'),
  ].join('\n');
}
