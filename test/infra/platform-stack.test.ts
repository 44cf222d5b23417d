import { Match } from 'aws-cdk-lib/assertions';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from 'vitest';
import { registryTableDefinition } from '../../adapters/aws/registry/table-definition';
import capacityInputs from '../../bench/capacity-inputs.json';
import { ROUTES } from '../../functions/routes';
import { composeApp } from '../../lib/app';
import { synthWithNag } from '../support/synth';

// Synthesis must need no Docker: if any asset tried to bundle in a container, it would run this and fail.
process.env.CDK_DOCKER = '/bin/false';

const platformOf = (composed: ReturnType<typeof composeApp>) => composed.platform;

type Resources = Record<string, { Type: string; Properties?: any; DeletionPolicy?: string }>;

describe('platform stack', () => {
  const { template, violations, acknowledgements, bundles } = synthWithNag(composeApp, platformOf);
  const resources = (type: string): Resources => template!.findResources(type) as Resources;
  // The platform's own functions say so in their description; CDK adds deploy-time helpers.
  const platformFunctions = Object.entries(resources('AWS::Lambda::Function')).filter(([, f]) =>
    String(f.Properties.Description ?? '').startsWith('Vivified:'),
  );

  it('has zero cdk-nag AwsSolutions and HIPAA Security findings', () => {
    expect(violations).toEqual([]);
  });

  it('acknowledges only named AwsSolutions and HIPAA Security rules, each with a reason of its own', () => {
    // CDK itself acknowledges cfn-lint rules (W3010 on every stack, F3002 on flow logs).
    const ours = acknowledgements.filter((a) => !/^[EWIF]\d{4}$/.test(a.rule));
    expect(ours.length).toBeGreaterThan(0);
    for (const { rule, reason, path } of ours) {
      // A rule id with its number (and, for IAM findings, the exact action or resource), never a pack.
      expect(rule, path).toMatch(/^(AwsSolutions|HIPAA\.Security)-[A-Za-z0-9]+(\[.+\])?$/);
      expect(reason.length, `${rule} on ${path}`).toBeGreaterThanOrEqual(40);
    }
    // Each sits on the construct it concerns; only these cover resources CDK creates at stack level
    // (the scheduler's role of each schedule target: the health round, the lifecycle sweep, the
    // full audit verification).
    expect(ours.filter((a) => !a.path.includes('/')).map((a) => a.rule.replace(/\[.*/, ''))).toEqual([
      'HIPAA.Security-IAMNoInlinePolicy',
      'AwsSolutions-IAM5',
      'AwsSolutions-IAM5',
      'AwsSolutions-IAM5',
    ]);
  });

  it('fails the nag check when an insecure resource is added', () => {
    const { violations: found } = synthWithNag((app) => {
      const composed = composeApp(app);
      new Bucket(composed.platform, 'CarelessBucket');
      return composed;
    }, platformOf);

    expect(found.map((v) => v.rule)).toEqual(
      expect.arrayContaining([
        'AwsSolutions-S1',
        'AwsSolutions-S10',
        'HIPAA.Security-S3DefaultEncryptionKMS',
      ]),
    );
    expect(found.every((v) => v.paths.every((p) => p.includes('CarelessBucket')))).toBe(true);
  });

  it('gives plugins no way out but the proxy lane: no NAT or internet gateway, isolated subnets only', () => {
    template!.resourceCountIs('AWS::EC2::NatGateway', 0);
    template!.resourceCountIs('AWS::EC2::InternetGateway', 0);
    template!.resourceCountIs('AWS::EC2::EIP', 0);
    const routes = Object.values(resources('AWS::EC2::Route'));
    expect(routes.filter((r) => r.Properties.DestinationCidrBlock === '0.0.0.0/0')).toEqual([]);
    const subnets = Object.values(resources('AWS::EC2::Subnet'));
    expect(subnets.length).toBeGreaterThanOrEqual(2);
    for (const subnet of subnets) expect(subnet.Properties.MapPublicIpOnLaunch).toBe(false);
    expect(Object.keys(resources('AWS::EC2::VPCEndpoint')).length).toBeGreaterThanOrEqual(12);
  });

  it('reaches AWS from the isolated subnets through endpoints: ECR, logs, SQS, secrets, KMS, the API, S3', () => {
    const endpoints = Object.values(resources('AWS::EC2::VPCEndpoint'));
    const service = (e: (typeof endpoints)[number]) =>
      String(e.Properties.ServiceName['Fn::Join'][1].at(-1)).replace(/^\./, '');
    const interfaces = endpoints.filter((e) => e.Properties.VpcEndpointType === 'Interface');
    expect(interfaces.map(service)).toEqual(
      expect.arrayContaining(['ecr.api', 'ecr.dkr', 'logs', 'sqs', 'secretsmanager', 'kms', 'execute-api']),
    );
    for (const e of interfaces) expect(e.Properties.PrivateDnsEnabled, service(e)).toBe(true);
    const gateways = endpoints.filter((e) => e.Properties.VpcEndpointType === 'Gateway').map(service);
    expect(gateways.sort()).toEqual(['dynamodb', 's3']);
    // The cost model (npm run capacity, docs/capacity.md) bills every interface endpoint by the hour.
    expect(interfaces.length).toBe(capacityInputs.deployment.interfaceEndpoints);
  });

  it('runs plugins on an ECS cluster with Container Insights, named in a private Cloud Map namespace', () => {
    template!.hasResourceProperties('AWS::ECS::Cluster', {
      ClusterSettings: [{ Name: 'containerInsights', Value: 'enhanced' }],
    });
    template!.hasResourceProperties('AWS::ServiceDiscovery::PrivateDnsNamespace', {
      Name: 'plugins.vivified.internal',
    });
  });

  it.each([
    ['health round', 'rate(2 minutes)'],
    ['lifecycle steps nobody is running', 'rate(5 minutes)'],
  ])('runs the %s on EventBridge Scheduler, with retries and a dead-letter queue', (description, rate) => {
    const [functionId] = platformFunctions.find(([, f]) =>
      String(f.Properties.Description).includes(description),
    )!;
    template!.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: rate,
      Target: Match.objectLike({
        Arn: { 'Fn::GetAtt': [functionId, 'Arn'] },
        DeadLetterConfig: { Arn: Match.anyValue() },
        RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 2 }),
      }),
    });
    // Invoked asynchronously: failures it cannot retry land in a queue instead of vanishing.
    expect(resources('AWS::Lambda::Function')[functionId]!.Properties.DeadLetterConfig).toEqual({
      TargetArn: { 'Fn::GetAtt': [expect.stringMatching(/^FunctionsDeadLetters/), 'Arn'] },
    });
  });

  it('lets the health round read services and rotate credentials, and nothing of the lifecycle', () => {
    const [healthId] = platformFunctions.find(([, f]) =>
      String(f.Properties.Description).includes('health round'),
    )!;
    const role = resources('AWS::Lambda::Function')[healthId]!.Properties.Role['Fn::GetAtt'][0];
    const granted = Object.values(resources('AWS::IAM::Policy'))
      .filter((p) => JSON.stringify(p.Properties.Roles).includes(role))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Array<Record<string, any>>)
      .flatMap((st) => [st.Action].flat() as string[]);
    expect(granted).toEqual(
      expect.arrayContaining([
        'ecs:DescribeServices',
        'ecs:DescribeTaskDefinition',
        'secretsmanager:PutSecretValue',
      ]),
    );
    const lifecycle =
      /^(ecs:(Create|Update|Delete|Register|Deregister)|sqs:(Create|Delete)|events:(Put|Delete)Rule|secretsmanager:(Create|Delete)|servicediscovery:(Create|Delete)|lambda:InvokeFunction|iam:)/;
    expect(granted.filter((action) => lifecycle.test(action))).toEqual([]);
    expect(
      resources('AWS::Lambda::Function')[healthId]!.Properties.Environment.Variables
        .VIVIFIED_TASK_ROLE_FUNCTION,
    ).toBeUndefined();
  });

  it('lets plugin tasks accept connections from the operator lane only', () => {
    const groups = resources('AWS::EC2::SecurityGroup');
    const [pluginsId] = Object.entries(groups).find(([, g]) =>
      String(g.Properties.GroupDescription).startsWith('Plugin tasks'),
    )!;
    const [operatorId] = Object.entries(groups).find(([, g]) =>
      String(g.Properties.GroupDescription).startsWith('The operator lane'),
    )!;
    const ingress = Object.values(resources('AWS::EC2::SecurityGroupIngress')).filter(
      (rule) => rule.Properties.GroupId['Fn::GetAtt']?.[0] === pluginsId,
    );
    expect(ingress).toHaveLength(1);
    expect(ingress[0]!.Properties.SourceSecurityGroupId['Fn::GetAtt'][0]).toBe(operatorId);
    expect(groups[pluginsId]!.Properties.SecurityGroupIngress).toBeUndefined();
  });

  it('runs every platform function in the VPC except the proxy lane and the task-role function (IAM has no endpoint there)', () => {
    expect(platformFunctions).toHaveLength(17);
    const outside = platformFunctions
      .filter(([, f]) => !f.Properties.VpcConfig)
      .map(([, f]) => f.Properties.Description)
      .sort();
    expect(outside).toEqual([
      'Vivified: Proxy lane: allowlisted egress',
      'Vivified: creates and removes the per-installation plugin task roles',
    ]);
  });

  it('has functions in the isolated subnets read the users API Gateway verified, not fetch Cognito keys they cannot reach', () => {
    for (const [, fn] of platformFunctions) {
      const variables = fn.Properties.Environment.Variables;
      expect(variables).not.toHaveProperty('VIVIFIED_JWKS_URL');
      if (variables.VIVIFIED_JWT_ISSUER) expect(variables.VIVIFIED_JWT_AUDIENCE).toBeDefined();
    }
  });

  it('lets the control plane create plugin task roles only under the plugin path and with the boundary', () => {
    const statements = Object.values(resources('AWS::IAM::Policy')).flatMap(
      (p) => p.Properties.PolicyDocument.Statement as Array<Record<string, any>>,
    );
    const creating = statements.filter((st) => [st.Action].flat().includes('iam:CreateRole'));
    expect(creating.length).toBeGreaterThan(0);
    for (const st of creating) {
      expect(JSON.stringify(st.Resource)).toContain(':role/vivified/plugins/*');
      expect(st.Condition.StringEquals['iam:PermissionsBoundary']).toBeDefined();
      expect([st.Action].flat()).toEqual(expect.arrayContaining(['iam:PutRolePolicy']));
    }
    // The lifecycle functions (in the VPC) ask the task-role function, the only one that may create roles.
    const creators = Object.values(resources('AWS::IAM::Policy')).filter((p) =>
      JSON.stringify(p.Properties.PolicyDocument).includes('iam:CreateRole'),
    );
    expect(creators.map((p) => JSON.stringify(p.Properties.Roles))).toEqual([
      expect.stringContaining('TaskRoles'),
    ]);
    // The functions that provision or remove installations know the task-role function; the health
    // round, which only reads the runtime, does not.
    for (const [, fn] of platformFunctions) {
      const variables = fn.Properties.Environment.Variables;
      if (variables.VIVIFIED_CLUSTER && !String(fn.Properties.Description).includes('health round'))
        expect(variables.VIVIFIED_TASK_ROLE_FUNCTION, fn.Properties.Description).toBeDefined();
    }
  });

  it('has no Lambda but the platform’s own and CDK’s deploy-time providers: closing the default security group, reading the gateway prefix lists', () => {
    const others = Object.values(resources('AWS::Lambda::Function')).filter(
      (f) => !String(f.Properties.Description ?? '').startsWith('Vivified:'),
    );
    // They run during deployments, from CloudFormation, and never see tenant data.
    expect(others.map((f) => f.Properties.Description ?? f.Properties.Handler).sort()).toEqual([
      'Lambda function for removing all inbound/outbound rules from the VPC default security group',
      'index.handler',
    ]);
    template!.resourceCountIs('Custom::VpcRestrictDefaultSG', 1);
    template!.resourceCountIs('Custom::AWS', 2);
  });

  it('builds every function for Node.js 22 on arm64, bundled and minified by esbuild with source maps', () => {
    for (const [, fn] of platformFunctions) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        TracingConfig: { Mode: 'Active' },
        ReservedConcurrentExecutions: expect.any(Number),
        KmsKeyArn: expect.anything(),
        LoggingConfig: { LogGroup: expect.anything() },
        Environment: { Variables: expect.objectContaining({ NODE_OPTIONS: '--enable-source-maps' }) },
      });
      const hash = String(fn.Properties.Code.S3Key).replace(/\.zip$/, '');
      const bundle = bundles.get(hash);
      expect(bundle?.files).toEqual(['index.js', 'index.js.map']);
      // Minified: a bundle of hundreds of kilobytes in a few dozen lines.
      expect(bundle!.bytes / bundle!.lines).toBeGreaterThan(500);
    }
  });

  it('puts the authorizer of its caller type on every route of the route table', () => {
    const methods = Object.values(resources('AWS::ApiGateway::Method'));
    const authorizerIdOf = (type: string) =>
      Object.entries(resources('AWS::ApiGateway::Authorizer')).find(
        ([, a]) => a.Properties.Type === type,
      )?.[0];
    const authorizerOf: Record<string, string | undefined> = {
      user: authorizerIdOf('COGNITO_USER_POOLS'),
      plugin: authorizerIdOf('TOKEN'),
      panel: undefined,
      public: undefined,
    };
    const [authorizerFunctionId] = platformFunctions.find(([, f]) =>
      String(f.Properties.Description).includes('verifies plugin credentials'),
    )!;
    // The public key set is on both APIs: plugins inside the VPC reach only the private one.
    expect(methods).toHaveLength(ROUTES.length + ROUTES.filter((r) => r.caller === 'public').length);
    const expected = { user: 'COGNITO_USER_POOLS', plugin: 'CUSTOM', panel: 'NONE', public: 'NONE' } as const;
    for (const route of ROUTES) {
      const method = methods.find(
        (m) => m.Properties.OperationName === route.action && m.Properties.HttpMethod === route.method,
      );
      expect(method, `${route.method} ${route.path}`).toBeDefined();
      expect(method!.Properties.AuthorizationType, route.path).toBe(expected[route.caller]);
      expect(method!.Properties.AuthorizerId?.Ref, route.path).toBe(authorizerOf[route.caller]);
      expect(method!.Properties.RequestValidatorId).toBeDefined();
    }
    // The plugin authorizer is the credential-verifying function, and users are verified by the pool.
    const authorizers = resources('AWS::ApiGateway::Authorizer');
    expect(JSON.stringify(authorizers[authorizerOf.plugin!]!.Properties.AuthorizerUri)).toContain(
      authorizerFunctionId,
    );
    expect(authorizers[authorizerOf.user!]!.Properties.ProviderARNs).toEqual([
      { 'Fn::GetAtt': [Object.keys(resources('AWS::Cognito::UserPool'))[0], 'Arn'] },
    ]);
    template!.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {});
    template!.hasResourceProperties('AWS::ApiGateway::Stage', {
      AccessLogSetting: Match.objectLike({ DestinationArn: Match.anyValue() }),
      MethodSettings: [Match.objectLike({ DataTraceEnabled: false, ThrottlingRateLimit: 100 })],
      TracingEnabled: true,
    });
  });

  it('encrypts every queue, table, log group, secret and the bus with a customer key', () => {
    for (const queue of Object.values(resources('AWS::SQS::Queue')))
      expect(queue.Properties.KmsMasterKeyId).toMatchObject({ 'Fn::GetAtt': [expect.any(String), 'Arn'] });
    for (const table of Object.values(resources('AWS::DynamoDB::Table')))
      expect(table.Properties.SSESpecification).toMatchObject({ SSEEnabled: true, SSEType: 'KMS' });
    for (const group of Object.values(resources('AWS::Logs::LogGroup')))
      expect(group.Properties.KmsKeyId).toBeDefined();
    for (const secret of Object.values(resources('AWS::SecretsManager::Secret')))
      expect(secret.Properties.KmsKeyId).toBeDefined();
    template!.hasResourceProperties('AWS::Events::EventBus', {
      KmsKeyIdentifier: Match.anyValue(),
      DeadLetterConfig: { Arn: Match.anyValue() },
    });
    template!.hasResourceProperties('AWS::Events::Archive', {
      KmsKeyIdentifier: Match.anyValue(),
      RetentionDays: 90,
    });
    template!.hasResourceProperties('AWS::Backup::BackupVault', { EncryptionKeyArn: Match.anyValue() });
  });

  it('lets CloudWatch Logs of this account and region use the platform key its log groups are encrypted with', () => {
    // No IAM grant reaches the Logs service; without this statement every encrypted log group fails to create.
    const keys = resources('AWS::KMS::Key');
    const logGroupKeys = new Set(
      Object.values(resources('AWS::Logs::LogGroup')).map((g) => g.Properties.KmsKeyId['Fn::GetAtt'][0]),
    );
    expect(logGroupKeys.size).toBe(1);
    const [keyId] = [...logGroupKeys];
    const statement = keys[keyId]!.Properties.KeyPolicy.Statement.find(
      (st: any) => st.Sid === 'CloudWatchLogsOfThisAccount',
    );
    expect(JSON.stringify(statement.Principal.Service)).toMatch(
      /"logs\.",\{"Ref":"AWS::Region"\},"\.amazonaws\.com"/,
    );
    expect(statement.Action).toEqual(expect.arrayContaining(['kms:Encrypt*', 'kms:GenerateDataKey*']));
    expect(JSON.stringify(statement.Condition.ArnLike['kms:EncryptionContext:aws:logs:arn'])).toContain(
      ':log-group:*',
    );
  });

  it('encrypts every bucket with the platform key except the two log buckets, which S3 cannot log to under KMS', () => {
    const buckets = Object.values(resources('AWS::S3::Bucket'));
    const sse = (b: (typeof buckets)[number]) =>
      b.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault
        .SSEAlgorithm;
    expect(buckets.filter((b) => sse(b) === 'aws:kms')).toHaveLength(2);
    const s3Managed = buckets.filter((b) => sse(b) === 'AES256');
    expect(s3Managed).toHaveLength(2);
    // The SSE-S3 buckets are exactly the access-log destinations of the others.
    const logTargets = buckets.flatMap(
      (b) => b.Properties.LoggingConfiguration?.DestinationBucketName?.Ref ?? [],
    );
    const ids = Object.entries(resources('AWS::S3::Bucket'))
      .filter(([, b]) => sse(b) === 'AES256')
      .map(([id]) => id);
    expect(new Set(logTargets)).toEqual(new Set(ids));
  });

  it('keeps audit records under Object Lock COMPLIANCE for 2557 days, encrypted with the platform key', () => {
    template!.hasResource('AWS::S3::Bucket', {
      Properties: {
        ObjectLockEnabled: true,
        ObjectLockConfiguration: {
          ObjectLockEnabled: 'Enabled',
          Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 2557 } },
        },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            Match.objectLike({
              ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: Match.anyValue() },
            }),
          ],
        },
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'audit/' }),
      },
      DeletionPolicy: 'Retain',
    });
  });

  it('archives audit records from the registry table’s stream, by the archiver alone, with retries and a dead-letter queue', () => {
    template!.hasResourceProperties('AWS::DynamoDB::Table', {
      StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
    });
    const [archiver] = platformFunctions.filter(([, f]) =>
      String(f.Properties.Description).includes('archives audit records'),
    );
    expect(archiver).toBeDefined();
    template!.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: archiver![0] },
      EventSourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^RegistryTable'), 'StreamArn'] },
      StartingPosition: 'TRIM_HORIZON',
      // Audit records only (changes and removals too: the archiver reports those as tampering).
      FilterCriteria: {
        Filters: [{ Pattern: JSON.stringify({ dynamodb: { Keys: { sk: { S: [{ prefix: 'SEQ#' }] } } } }) }],
      },
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: {
        OnFailure: { Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('DeadLetters'), 'Arn'] } },
      },
    });
    // Exactly one role may put objects in the audit bucket: the archiver's.
    const writers = Object.values(resources('AWS::IAM::Policy')).filter((policy) =>
      (
        policy.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>
      ).some(
        (statement) =>
          [statement.Action].flat().some((action) => /^s3:(PutObject|\*)/.test(action)) &&
          JSON.stringify(statement.Resource).includes('AuditBucket'),
      ),
    );
    expect(writers).toHaveLength(1);
    expect(writers[0]!.Properties.Roles).toEqual([
      { Ref: expect.stringMatching(/^AuditArchiverFunctionRole/) },
    ]);
    // Besides it, only the two that verify chains are told where the bucket is, to read the
    // checkpoint anchors: GetObject under audit/*/checkpoints/ and ListBucket (a 404 for a missing one).
    const told = platformFunctions
      .filter(([, fn]) => 'VIVIFIED_AUDIT_BUCKET' in (fn.Properties.Environment?.Variables ?? {}))
      .map(([, fn]) => fn.Properties.Description)
      .sort();
    expect(told).toEqual([
      'Vivified: Audit queries and chain verification',
      'Vivified: archives audit records from the registry stream to the Object Lock bucket',
      'Vivified: verifies every tenant audit chain in full, on a schedule',
    ]);
    const readers = Object.values(resources('AWS::IAM::Policy')).flatMap((policy) =>
      (policy.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>)
        .filter((statement) => [statement.Action].flat().includes('s3:GetObject'))
        .filter((statement) => JSON.stringify(statement.Resource).includes('AuditBucket')),
    );
    expect(readers).toHaveLength(2);
    for (const statement of readers) {
      expect(statement.Action).toBe('s3:GetObject');
      expect(JSON.stringify(statement.Resource)).toContain('/audit/*/checkpoints/*');
    }
  });

  it('keeps operational logs for one year and retains them with the stack', () => {
    const groups = Object.values(resources('AWS::Logs::LogGroup'));
    expect(groups.length).toBeGreaterThanOrEqual(13);
    for (const group of groups) {
      expect(group.Properties.RetentionInDays).toBe(365);
      expect(group.DeletionPolicy).toBe('Retain');
    }
  });

  it('denies non-TLS access to every bucket and every queue', () => {
    for (const type of ['AWS::S3::BucketPolicy', 'AWS::SQS::QueuePolicy']) {
      const policies = Object.values(resources(type));
      expect(policies.length).toBeGreaterThan(0);
      for (const policy of policies) {
        expect(policy.Properties.PolicyDocument.Statement).toEqual(
          expect.arrayContaining([
            expect.objectContaining({
              Effect: 'Deny',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        );
      }
    }
    expect(Object.keys(resources('AWS::S3::BucketPolicy'))).toHaveLength(4);
  });

  it('protects the registry table: customer key, point-in-time recovery, deletion protection, backups, retained', () => {
    template!.hasResource('AWS::DynamoDB::Table', {
      Properties: {
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: Match.anyValue() },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
      },
      DeletionPolicy: 'Retain',
    });
    template!.resourceCountIs('AWS::Backup::BackupSelection', 1);
  });

  it('defines the registry table exactly as `vivified dev` creates it in the emulators', () => {
    const [table] = Object.values(resources('AWS::DynamoDB::Table'));
    const local = registryTableDefinition('any');
    expect(table!.Properties.KeySchema).toEqual(local.KeySchema);
    expect(new Set(table!.Properties.AttributeDefinitions.map(JSON.stringify))).toEqual(
      new Set(local.AttributeDefinitions!.map((a) => JSON.stringify(a))),
    );
    const indexes = (list: any[]) =>
      list.map((i) => ({ IndexName: i.IndexName, KeySchema: i.KeySchema, Projection: i.Projection }));
    expect(indexes(table!.Properties.GlobalSecondaryIndexes)).toEqual(indexes(local.GlobalSecondaryIndexes!));
  });

  it('signs people in with MFA and no self sign-up; the four roles and the platform operator are groups', () => {
    template!.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'ON',
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
      Schema: [Match.objectLike({ Name: 'tenant_id', Mutable: false })],
    });
    const groups = Object.values(resources('AWS::Cognito::UserPoolGroup')).map((g) => g.Properties.GroupName);
    expect(groups.sort()).toEqual([
      'admin',
      'audit_viewer',
      'config_manager',
      'platform_admin',
      'plugin_manager',
    ]);
  });

  it('serves the console privately through CloudFront with security headers', () => {
    template!.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https' }),
        Origins: [Match.objectLike({ OriginAccessControlId: Match.anyValue() })],
      }),
    });
    const [headers] = Object.values(resources('AWS::CloudFront::ResponseHeadersPolicy'));
    const security = headers!.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    expect(security.FrameOptions).toEqual({ FrameOption: 'DENY', Override: true });
    expect(security.StrictTransportSecurity).toMatchObject({ IncludeSubdomains: true, Override: true });
    // The policy names the API's origin, a token until deploy: read it as the JSON it becomes.
    const csp = JSON.stringify(security.ContentSecurityPolicy);
    for (const directive of ["default-src 'self'", "frame-ancestors 'none'", "script-src 'self'"])
      expect(csp).toContain(directive);
    // Plugin panels are framed from, and their sessions posted to, the API's origin and no other.
    expect(csp).toMatch(
      /frame-src https:\/\/[^;]*execute-api[^;]*; form-action 'self' https:\/\/[^;]*execute-api/,
    );
  });

  describe('with every option set from context', () => {
    const { template: custom, violations: customViolations } = synthWithNag(composeApp, platformOf, {
      'vivified:auditRetentionDays': 3000,
      'vivified:dedicatedKeyTenants': 'clinic-a,clinic-b',
      'vivified:externalSubscriberAccounts': '111122223333',
      'vivified:consoleDomainNames': 'console.example.com',
      'vivified:consoleCertificateArn': 'arn:aws:acm:us-east-1:123456789012:certificate/abc',
      'vivified:webAclArn': 'arn:aws:wafv2:us-east-1:123456789012:regional/webacl/own/abc',
    });

    it('still has zero cdk-nag findings', () => {
      expect(customViolations).toEqual([]);
    });

    it('takes audit retention and dedicated-key tenants', () => {
      custom!.hasResourceProperties('AWS::S3::Bucket', {
        ObjectLockConfiguration: { Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 3000 } } },
      });
      const aliases = Object.values(custom!.findResources('AWS::KMS::Alias')).map(
        (a: any) => a.Properties.AliasName,
      );
      expect(aliases).toEqual(
        expect.arrayContaining(['alias/vivified/tenants/clinic-a', 'alias/vivified/tenants/clinic-b']),
      );
    });

    it('lets external subscribers receive events only on the allowed accounts’ buses', () => {
      const roles = Object.entries(custom!.findResources('AWS::IAM::Role')).filter(([, r]: [string, any]) =>
        String(r.Properties.Description ?? '').startsWith('Delivers tenant events'),
      );
      expect(roles).toHaveLength(1);
      const [roleId] = roles[0]!;
      const policies = Object.values(custom!.findResources('AWS::IAM::Policy')) as any[];
      const rolePolicy = policies.find((p) => p.Properties.Roles.some((r: any) => r.Ref === roleId));
      expect(JSON.stringify(rolePolicy.Properties.PolicyDocument.Statement)).toContain(
        ':111122223333:event-bus/*',
      );
      expect(rolePolicy.Properties.PolicyDocument.Statement).toEqual([
        expect.objectContaining({ Action: 'events:PutEvents' }),
      ]);
      custom!.hasResourceProperties('AWS::Lambda::Function', {
        Description: 'Vivified: Installations changed: install, enable, configure, upgrade, uninstall',
        Environment: {
          Variables: Match.objectLike({
            VIVIFIED_EXTERNAL_TARGET_ROLE_ARN: { 'Fn::GetAtt': [roleId, 'Arn'] },
          }),
        },
      });
    });

    it('attaches the web ACL it is given instead of making one', () => {
      custom!.resourceCountIs('AWS::WAFv2::WebACL', 0);
      custom!.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
        WebACLArn: 'arn:aws:wafv2:us-east-1:123456789012:regional/webacl/own/abc',
      });
    });

    it('serves the console on its own domain with TLS 1.2 (2021) at least', () => {
      custom!.hasResourceProperties('AWS::CloudFront::Distribution', {
        DistributionConfig: Match.objectLike({
          Aliases: ['console.example.com'],
          ViewerCertificate: Match.objectLike({
            MinimumProtocolVersion: 'TLSv1.2_2021',
            SslSupportMethod: 'sni-only',
          }),
        }),
      });
    });
  });
});
