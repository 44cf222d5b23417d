import { Duration, Names, Validations } from 'aws-cdk-lib';
import {
  AccessLogFormat,
  AuthorizationType,
  CognitoUserPoolsAuthorizer,
  EndpointType,
  type IAuthorizer,
  LambdaIntegration,
  LogGroupLogDestination,
  MethodLoggingLevel,
  RequestValidator,
  RestApi,
  TokenAuthorizer,
} from 'aws-cdk-lib/aws-apigateway';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import type { IVpcEndpoint } from 'aws-cdk-lib/aws-ec2';
import { AnyPrincipal, Effect, PolicyDocument, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { CfnLoggingConfiguration, CfnWebACL, CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { type Area, type Caller, ROUTES } from '../../functions/routes';
import { secureLogGroupProps } from '../defaults/logs';

// Why each public route needs no identity, as cdk-nag's acknowledgement says it. A public route
// without a reason here fails the synth: nothing is made public without saying why.
const PUBLIC_BECAUSE: Readonly<Record<string, string>> = {
  'keys.operator': 'The public key set must be readable to verify anything; it holds no secret.',
  'api.document':
    'The OpenAPI document describes the API to any client; it holds no secret and no tenant data.',
};

export interface OperatorApiProps {
  readonly description: string;
  /** The callers whose routes of the route table this API serves. */
  readonly callers: readonly Caller[];
  /**
   * Serve the API privately: reachable only through this `execute-api` interface endpoint (its
   * resource policy refuses every request from anywhere else) and behind no WAF, since nothing
   * outside the VPC reaches it.
   * @default a regional API on the internet, behind a WAF web ACL
   */
  readonly privateEndpoint?: IVpcEndpoint;
  /**
   * Whether this API sets the account's API Gateway logging role; exactly one API of an account
   * may (it is an account-wide setting).
   * @default true
   */
  readonly setsAccountLoggingRole?: boolean;
  /** The Lambda serving each area of the route table. */
  readonly handlers: Readonly<Record<Area, IFunction>>;
  /** Verifies plugin credentials for `caller: 'plugin'` routes. */
  readonly pluginAuthorizer: IFunction;
  /** Verifies people for `caller: 'user'` routes. */
  readonly userPool: IUserPool;
  readonly encryptionKey: IKey;
  /** @default 100 requests/s steady, 200 burst per stage */
  readonly throttle?: { readonly rateLimit: number; readonly burstLimit: number };
  /**
   * A web ACL of your own to attach; without it the API gets one with AWS's common and
   * known-bad-input rule sets and a per-address rate limit.
   */
  readonly webAclArn?: string;
}

/**
 * The platform's one public entrance: an API Gateway REST API generated from the route table, so
 * every path, method and caller type is defined once. People are verified by Cognito, plugins by
 * the credential authorizer, and only the public key set is open. Access logs go to an encrypted
 * log group; every stage is throttled and behind a WAF web ACL.
 */
export class OperatorApi extends Construct {
  readonly api: RestApi;
  readonly accessLogs: LogGroup;

  constructor(scope: Construct, id: string, props: OperatorApiProps) {
    super(scope, id);
    this.accessLogs = new LogGroup(this, 'AccessLogs', secureLogGroupProps(props.encryptionKey));
    const throttle = props.throttle ?? { rateLimit: 100, burstLimit: 200 };
    const vpce = props.privateEndpoint;
    this.api = new RestApi(this, 'Api', {
      description: props.description,
      endpointTypes: [vpce ? EndpointType.PRIVATE : EndpointType.REGIONAL],
      policy: vpce && throughEndpointOnly(vpce),
      cloudWatchRole: props.setsAccountLoggingRole ?? true,
      deployOptions: {
        stageName: 'v1',
        accessLogDestination: new LogGroupLogDestination(this.accessLogs),
        accessLogFormat: AccessLogFormat.jsonWithStandardFields(),
        loggingLevel: MethodLoggingLevel.ERROR,
        // Request and response bodies carry PHI: never log them.
        dataTraceEnabled: false,
        tracingEnabled: true,
        throttlingRateLimit: throttle.rateLimit,
        throttlingBurstLimit: throttle.burstLimit,
      },
    });
    const validator = new RequestValidator(this, 'Validator', {
      restApi: this.api,
      validateRequestParameters: true,
      validateRequestBody: true,
    });
    const routes = ROUTES.filter((r) => props.callers.includes(r.caller));
    // An authorizer must be attached to a method of its API: each is made only where a route needs it.
    const serves = (caller: Caller) => routes.some((r) => r.caller === caller);
    const authorizers: Record<Caller, IAuthorizer | undefined> = {
      user: serves('user')
        ? new CognitoUserPoolsAuthorizer(this, 'Users', { cognitoUserPools: [props.userPool] })
        : undefined,
      plugin: serves('plugin')
        ? new TokenAuthorizer(this, 'Plugins', {
            handler: props.pluginAuthorizer,
            // Credentials live an hour; a short cache spares the authorizer without outliving a revocation by much.
            resultsCacheTtl: Duration.minutes(1),
          })
        : undefined,
      // A panel's session is a form field of a frame's POST, which no authorizer reads: the
      // operator lane verifies it before anything else (application/panels/view-panel.ts).
      panel: undefined,
      public: undefined,
    };
    const integrations = new Map<Area, LambdaIntegration>();
    for (const route of routes) {
      const integration =
        integrations.get(route.area) ?? new LambdaIntegration(props.handlers[route.area], { proxy: true });
      integrations.set(route.area, integration);
      const parameters = Object.fromEntries(
        [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => [`method.request.path.${m[1]}`, true]),
      );
      const authorizer = authorizers[route.caller];
      const method = this.api.root.resourceForPath(route.path).addMethod(route.method, integration, {
        authorizer,
        authorizationType: authorizer ? authorizer.authorizationType : AuthorizationType.NONE,
        requestValidator: validator,
        requestParameters: parameters,
        operationName: route.action,
      });
      if (route.caller === 'plugin') {
        Validations.of(method).acknowledge({
          id: 'AwsSolutions-COG4',
          reason:
            'Plugins are not people: their credential is verified by the plugin-credential Lambda authorizer.',
        });
      }
      if (route.caller === 'panel') {
        for (const id of ['AwsSolutions-COG4', 'AwsSolutions-APIG4'])
          Validations.of(method).acknowledge({
            id,
            reason:
              'A console panel is requested by a sandboxed frame with a short-lived panel session in its form body, verified by the handler before anything else.',
          });
      }
      if (route.caller === 'public') {
        const reason = PUBLIC_BECAUSE[route.action];
        if (!reason) throw new Error(`${route.action} is public; say why in PUBLIC_BECAUSE.`);
        for (const id of ['AwsSolutions-COG4', 'AwsSolutions-APIG4'])
          Validations.of(method).acknowledge({
            id,
            reason,
          });
      }
    }

    this.acknowledge();
    if (vpce) {
      Validations.of(this.api).acknowledge({
        id: 'AwsSolutions-APIG3',
        reason:
          'A private API reachable only through the plugin VPC’s endpoint (resource policy on aws:SourceVpce); the lanes authenticate every caller and enforce their own size and rate limits.',
      });
      return;
    }
    const acl =
      props.webAclArn ??
      new CfnWebACL(this, 'WebAcl', {
        scope: 'REGIONAL',
        defaultAction: { allow: {} },
        visibilityConfig: {
          cloudWatchMetricsEnabled: true,
          metricName: 'vivified-api',
          sampledRequestsEnabled: false,
        },
        rules: [
          // The common rule set blocks bodies over 8 KB; the API accepts up to 256 KB (manifests,
          // config) and enforces that itself with a 413 problem. WAF reads at most the first 64 KB
          // of a body, so it cannot hold the real limit: the size rule only counts here.
          managedRule('AWSManagedRulesCommonRuleSet', 1, ['SizeRestrictions_BODY']),
          managedRule('AWSManagedRulesKnownBadInputsRuleSet', 2),
          {
            name: 'RateLimitPerAddress',
            priority: 3,
            action: { block: {} },
            statement: { rateBasedStatement: { limit: 2000, aggregateKeyType: 'IP' } },
            visibilityConfig: {
              cloudWatchMetricsEnabled: true,
              metricName: 'vivified-rate',
              sampledRequestsEnabled: false,
            },
          },
        ],
      }).attrArn;
    if (!props.webAclArn) {
      // WAF logs need a log group named aws-waf-logs-*; it is encrypted and retained like the rest.
      const wafLogs = new LogGroup(
        this,
        'WafLogs',
        secureLogGroupProps(props.encryptionKey, {
          logGroupName: `aws-waf-logs-${Names.uniqueResourceName(this, { maxLength: 40 })}`,
        }),
      );
      new CfnLoggingConfiguration(this, 'WafLogging', {
        resourceArn: acl,
        logDestinationConfigs: [wafLogs.logGroupArn],
      });
    }
    new CfnWebACLAssociation(this, 'WebAclAssociation', {
      resourceArn: this.api.deploymentStage.stageArn,
      webAclArn: acl,
    });
  }

  /** What cdk-nag reports about every stage of ours that is so by design. */
  private acknowledge() {
    const apiAck = Validations.of(this.api);
    apiAck.acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
      reason: 'The account-level role API Gateway itself needs to write logs; AWS maintains it.',
    });
    apiAck.acknowledge({
      id: 'HIPAA.Security-APIGWCacheEnabledAndEncrypted',
      reason: 'Answers are per caller and may carry PHI: caching is off on purpose.',
    });
    apiAck.acknowledge({
      id: 'HIPAA.Security-APIGWSSLEnabled',
      reason:
        'Integrations are Lambda proxies, not HTTP backends, so there is no backend TLS connection to authenticate.',
    });
  }

  /** The base URL callers use (the stage's invoke URL). */
  get url(): string {
    return this.api.url;
  }
}

/** A resource policy admitting requests that arrive through `endpoint` and refusing all others. */
function throughEndpointOnly(endpoint: IVpcEndpoint): PolicyDocument {
  const invoke = {
    principals: [new AnyPrincipal()],
    actions: ['execute-api:Invoke'],
    resources: ['execute-api:/*'],
  };
  return new PolicyDocument({
    statements: [
      new PolicyStatement({
        ...invoke,
        conditions: { StringEquals: { 'aws:SourceVpce': endpoint.vpcEndpointId } },
      }),
      new PolicyStatement({
        ...invoke,
        effect: Effect.DENY,
        conditions: { StringNotEquals: { 'aws:SourceVpce': endpoint.vpcEndpointId } },
      }),
    ],
  });
}

/** An AWS managed rule group, with the named rules of it set to count instead of block. */
function managedRule(
  name: string,
  priority: number,
  countOnly: readonly string[] = [],
): CfnWebACL.RuleProperty {
  return {
    name,
    priority,
    overrideAction: { none: {} },
    statement: {
      managedRuleGroupStatement: {
        vendorName: 'AWS',
        name,
        ...(countOnly.length > 0
          ? { ruleActionOverrides: countOnly.map((rule) => ({ name: rule, actionToUse: { count: {} } })) }
          : {}),
      },
    },
    visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: name, sampledRequestsEnabled: false },
  };
}
