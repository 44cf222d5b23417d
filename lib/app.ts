import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks } from 'cdk-nag';
import { PlatformStack } from './stacks/platform-stack';

/** A context value as a number, when set. */
const numberFrom = (app: App, key: string): number | undefined => {
  const value = app.node.tryGetContext(key);
  return value === undefined ? undefined : Number(value);
};

/** A context value as a list: a JSON array or a comma-separated string. */
const listFrom = (app: App, key: string): string[] | undefined => {
  const value = app.node.tryGetContext(key);
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.map(String) : String(value).split(',').filter(Boolean);
};

/** The console's own domain, when both its names and certificate are given. */
const consoleDomain = (app: App) => {
  const names = listFrom(app, 'vivified:consoleDomainNames');
  const certificateArn = app.node.tryGetContext('vivified:consoleCertificateArn');
  return names?.length && certificateArn ? { names, certificateArn: String(certificateArn) } : undefined;
};

/**
 * Composes the Vivified app: the platform stack with names, retention and dedicated-key tenants
 * from context (`-c vivified:<name>=…`), checked by cdk-nag's AwsSolutions and HIPAA Security
 * packs on every synth. Shared by `bin/` and the infra tests so both check the same thing.
 */
export function composeApp(app: App): { platform: PlatformStack } {
  const platform = new PlatformStack(app, app.node.tryGetContext('vivified:stackName') ?? 'Vivified', {
    description: 'Vivified multi-tenant plugin host',
    auditRetentionDays: numberFrom(app, 'vivified:auditRetentionDays'),
    archiveRetentionDays: numberFrom(app, 'vivified:archiveRetentionDays'),
    signInDomainPrefix: app.node.tryGetContext('vivified:signInDomainPrefix'),
    dedicatedKeyTenants: listFrom(app, 'vivified:dedicatedKeyTenants'),
    webAclArn: app.node.tryGetContext('vivified:webAclArn'),
    externalSubscriberAccounts: listFrom(app, 'vivified:externalSubscriberAccounts'),
    consoleDomain: consoleDomain(app),
  });
  // Any unacknowledged finding fails synthesis; acknowledgements live next to the resource they
  // concern and each carries its reason.
  Validations.of(app).addPlugins(
    new AwsSolutionsChecks(app, { verbose: true }),
    new HIPAASecurityChecks(app, { verbose: true }),
  );
  return { platform };
}
