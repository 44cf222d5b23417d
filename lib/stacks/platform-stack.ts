import { CfnOutput, Duration, Lazy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import type { Construct } from 'constructs';
import { AuditArchiver } from '../constructs/audit-archiver';
import { AuditStore } from '../constructs/audit-store';
import { AuditVerification } from '../constructs/audit-verification';
import { CanonicalBus } from '../constructs/canonical-bus';
import { ConsoleHosting } from '../constructs/console-hosting';
import { HostKeys } from '../constructs/host-keys';
import { OperatorApi } from '../constructs/operator-api';
import { PlatformFunctions } from '../constructs/platform-functions';
import { PluginRuntime } from '../constructs/plugin-runtime';
import { RateLimitStore } from '../constructs/rate-limit-store';
import { Registry } from '../constructs/registry';
import { TenantKeyRecords } from '../constructs/tenant-key-records';
import { UserDirectory } from '../constructs/user-directory';

export interface PlatformStackProps extends StackProps {
  /**
   * Audit retention in days (Object Lock COMPLIANCE default retention).
   * @default 2557
   */
  readonly auditRetentionDays?: number;
  /**
   * Days the canonical bus archive keeps events for replay.
   * @default 90
   */
  readonly archiveRetentionDays?: number;
  /**
   * Prefix of the Cognito hosted sign-in domain; unique per region.
   * @default 'vivified-' followed by the account id
   */
  readonly signInDomainPrefix?: string;
  /** Tenants whose data is encrypted under a key of their own. */
  readonly dedicatedKeyTenants?: readonly string[];
  /**
   * Accounts whose EventBridge buses may receive a tenant's events as external subscribers.
   * @default none
   */
  readonly externalSubscriberAccounts?: readonly string[];
  /** The console's own domain: host names and an ACM certificate ARN in us-east-1. */
  readonly consoleDomain?: { readonly names: readonly string[]; readonly certificateArn: string };
  /** A WAF web ACL of your own for the API; without it one with AWS managed rules is created. */
  readonly webAclArn?: string;
}

/** The Vivified platform: composes one construct per concern; no business logic lives here. */
export class PlatformStack extends Stack {
  readonly keys: HostKeys;
  readonly registry: Registry;
  readonly rateLimits: RateLimitStore;
  readonly auditStore: AuditStore;
  readonly bus: CanonicalBus;
  readonly runtime: PluginRuntime;
  readonly users: UserDirectory;
  readonly functions: PlatformFunctions;
  /** The API people use: the console and the CLI. */
  readonly api: OperatorApi;
  /** The API plugins use: the lanes and self-service, private to the plugin VPC. */
  readonly pluginApi: OperatorApi;
  readonly console: ConsoleHosting;

  constructor(scope: Construct, id: string, props: PlatformStackProps = {}) {
    super(scope, id, props);
    this.keys = new HostKeys(this, 'Keys', { dedicatedKeyTenants: props.dedicatedKeyTenants });
    const key = this.keys.platformKey;
    this.registry = new Registry(this, 'Registry', { encryptionKey: key });
    const keyRecords = new TenantKeyRecords(this, 'TenantKeyRecords', {
      registry: this.registry,
      tenantKeys: this.keys.tenantKeys,
    });
    this.rateLimits = new RateLimitStore(this, 'RateLimits', { encryptionKey: key });
    this.auditStore = new AuditStore(this, 'Audit', {
      encryptionKey: key,
      retentionDays: props.auditRetentionDays,
    });
    this.bus = new CanonicalBus(this, 'Canonical', {
      encryptionKey: key,
      archiveRetention: Duration.days(props.archiveRetentionDays ?? 90),
      externalSubscriberAccounts: props.externalSubscriberAccounts,
    });
    this.runtime = new PluginRuntime(this, 'Runtime', { encryptionKey: key });

    // The APIs' URLs are known from their ids before their methods exist: functions are told where
    // they are served without waiting on (and so without a cycle through) the deployment stages.
    let api: OperatorApi | undefined;
    let pluginApi: OperatorApi | undefined;
    const originOf = (of: () => OperatorApi | undefined) =>
      Lazy.string({
        produce: () => `https://${of()!.api.restApiId}.execute-api.${this.region}.${this.urlSuffix}`,
      });
    const apiOrigin = originOf(() => api);
    const pluginApiOrigin = originOf(() => pluginApi);
    const signInOrigin = `https://cognito-idp.${this.region}.amazonaws.com`;
    this.console = new ConsoleHosting(this, 'Console', {
      apiOrigin,
      signInOrigin,
      domain: props.consoleDomain && {
        names: props.consoleDomain.names,
        certificate: Certificate.fromCertificateArn(
          this,
          'ConsoleCertificate',
          props.consoleDomain.certificateArn,
        ),
      },
    });
    this.users = new UserDirectory(this, 'Users', {
      domainPrefix: props.signInDomainPrefix ?? `vivified-${this.account}`,
      consoleUrls: [this.console.url],
    });
    Validations.of(this).acknowledge({
      id: 'HIPAA.Security-IAMNoInlinePolicy',
      reason:
        'CDK grants write one policy per role naming exactly that role’s resources; shared managed policies would be broader.',
    });
    this.functions = new PlatformFunctions(this, 'Functions', {
      keys: this.keys,
      registry: this.registry,
      rateLimits: this.rateLimits,
      bus: this.bus,
      runtime: this.runtime,
      // Plugins call the private API: inside the VPC the execute-api endpoint's private DNS
      // answers for every API host name, and it serves private APIs only.
      apiUrl: `${pluginApiOrigin}/v1`,
      identity: { issuer: this.users.issuer, audience: this.users.consoleClient.userPoolClientId },
      corsOrigins: [this.console.url],
    });
    // The area functions (which look tenant keys up) are updated once the keys are recorded. The
    // functions themselves, not their roles: the platform key's policy names the roles, and the
    // records' writer uses that key, so a role depending on the records would close a cycle.
    for (const fn of Object.values(this.functions.areas))
      fn.node.defaultChild!.node.addDependency(keyRecords);
    new AuditArchiver(this, 'AuditArchiver', {
      registry: this.registry,
      auditStore: this.auditStore,
      encryptionKey: key,
      vpc: this.runtime.vpc,
      securityGroup: this.runtime.controlPlaneSecurityGroup,
      deadLetters: this.functions.deadLetters,
    });
    new AuditVerification(this, 'AuditVerification', {
      registry: this.registry,
      auditStore: this.auditStore,
      auditFunction: this.functions.areas.audit,
      encryptionKey: key,
      vpc: this.runtime.vpc,
      securityGroup: this.runtime.controlPlaneSecurityGroup,
      deadLetters: this.functions.deadLetters,
    });
    const apiProps = {
      handlers: this.functions.areas,
      pluginAuthorizer: this.functions.authorizer,
      userPool: this.users.userPool,
      encryptionKey: key,
    };
    api = new OperatorApi(this, 'Api', {
      ...apiProps,
      description: 'Vivified: tenants, catalog, installations and audit, for people',
      // Panels are served to the console's frames from the internet, under their session.
      callers: ['user', 'panel', 'public'],
      webAclArn: props.webAclArn,
    });
    pluginApi = new OperatorApi(this, 'PluginApi', {
      ...apiProps,
      description: 'Vivified: the plugin lanes, reachable only from the plugin VPC',
      callers: ['plugin', 'public'],
      privateEndpoint: this.runtime.network.executeApiEndpoint,
      setsAccountLoggingRole: false,
    });
    // The account's logging role is set by the public API; the private stage logs only after it.
    const accountLogging = api.api.node.tryFindChild('Account');
    if (accountLogging) pluginApi.api.deploymentStage.node.addDependency(accountLogging);
    this.api = api;
    this.pluginApi = pluginApi;

    new CfnOutput(this, 'ApiUrl', {
      value: api.url,
      description: 'Base URL of the API for people (CLI, console)',
    });
    new CfnOutput(this, 'PluginApiUrl', {
      value: pluginApi.url,
      description: 'Base URL of the plugin lanes (private: reachable from the plugin VPC only)',
    });
    new CfnOutput(this, 'ConsoleUrl', { value: this.console.url, description: 'The admin console' });
    new CfnOutput(this, 'ConsoleBucket', {
      value: this.console.bucket.bucketName,
      description: 'Upload console/dist and config.json here',
    });
    new CfnOutput(this, 'UserPoolId', { value: this.users.userPool.userPoolId });
    new CfnOutput(this, 'ConsoleClientId', { value: this.users.consoleClient.userPoolClientId });
    new CfnOutput(this, 'SignInDomain', { value: this.users.domain.baseUrl() });
    new CfnOutput(this, 'OperatorKeySecret', { value: this.keys.operatorKey.secretArn });
    new CfnOutput(this, 'PanelKeySecret', { value: this.keys.panelKey.secretArn });
    new CfnOutput(this, 'BusName', { value: this.bus.bus.eventBusName });
  }
}
