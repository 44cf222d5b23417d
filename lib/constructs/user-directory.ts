import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  FeaturePlan,
  Mfa,
  OAuthScope,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  type UserPoolClient,
  type UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { PLATFORM_ADMIN_GROUP } from '../../adapters/identity/user-tokens';
import { ROLES } from '../../core/policy/principal';

export interface UserDirectoryProps {
  /** Prefix of the hosted sign-in domain (`<prefix>.auth.<region>.amazoncognito.com`), unique per region. */
  readonly domainPrefix: string;
  /** Where the console is served: the sign-in callback and sign-out URLs. */
  readonly consoleUrls: readonly string[];
}

/**
 * Who the people are: a Cognito user pool whose groups are the four tenant roles and the platform
 * operator, and whose immutable `tenant_id` attribute ties a user to one tenant. Administrators
 * create users (no self sign-up); MFA is required; the console signs in with the authorization
 * code flow and PKCE.
 */
export class UserDirectory extends Construct {
  readonly userPool: UserPool;
  readonly consoleClient: UserPoolClient;
  readonly domain: UserPoolDomain;

  constructor(scope: Construct, id: string, props: UserDirectoryProps) {
    super(scope, id);
    this.userPool = new UserPool(this, 'Users', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 14,
        requireDigits: true,
        requireLowercase: true,
        requireUppercase: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // Threat protection (compromised credentials, adaptive authentication) needs the Plus plan.
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      customAttributes: { tenant_id: new StringAttribute({ minLen: 1, maxLen: 64, mutable: false }) },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const group of [...ROLES, PLATFORM_ADMIN_GROUP]) {
      new CfnUserPoolGroup(this, `Group-${group}`, {
        userPoolId: this.userPool.userPoolId,
        groupName: group,
        description:
          group === PLATFORM_ADMIN_GROUP
            ? 'Operates the platform: tenants and the catalog'
            : `Tenant role ${group}`,
      });
    }
    this.domain = this.userPool.addDomain('Domain', { cognitoDomain: { domainPrefix: props.domainPrefix } });
    this.consoleClient = this.userPool.addClient('Console', {
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [...props.consoleUrls],
        logoutUrls: [...props.consoleUrls],
      },
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });
  }

  /** The token issuer URL the handlers verify ID tokens against. */
  get issuer(): string {
    return `https://cognito-idp.${this.userPool.env.region}.amazonaws.com/${this.userPool.userPoolId}`;
  }
}
