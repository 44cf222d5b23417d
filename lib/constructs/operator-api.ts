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
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { CfnLoggingConfiguration, CfnWebACL, CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { type Area, ROUTES, type Route } from '../../functions/routes';
import { secureLogGroupProps } from '../defaults/logs';

export interface OperatorApiProps {
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
    this.api = new RestApi(this, 'Api', {
      description: 'Vivified control plane and plugin lanes',
      endpointTypes: [EndpointType.REGIONAL],
      cloudWatchRole: true,
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
    const users = new CognitoUserPoolsAuthorizer(this, 'Users', { cognitoUserPools: [props.userPool] });
    const plugins = new TokenAuthorizer(this, 'Plugins', {
      handler: props.pluginAuthorizer,
      // Credentials live an hour; a short cache spares the authorizer without outliving a revocation by much.
      resultsCacheTtl: Duration.minutes(1),
    });
    const authorizers: Record<Route['caller'], IAuthorizer | undefined> = {
      user: users,
      plugin: plugins,
      public: undefined,
    };
    const integrations = new Map<Area, LambdaIntegration>();
    for (const route of ROUTES) {
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
      if (route.caller === 'public') {
        for (const id of ['AwsSolutions-COG4', 'AwsSolutions-APIG4'])
          Validations.of(method).acknowledge({
            id,
            reason: 'The public key set must be readable to verify anything; it holds no secret.',
          });
      }
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
          managedRule('AWSManagedRulesCommonRuleSet', 1),
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
    new CfnWebACLAssociation(this, 'WebAclAssociation', {
      resourceArn: this.api.deploymentStage.stageArn,
      webAclArn: acl,
    });
  }

  /** The base URL plugins and people call (the stage's invoke URL). */
  get url(): string {
    return this.api.url;
  }
}

function managedRule(name: string, priority: number): CfnWebACL.RuleProperty {
  return {
    name,
    priority,
    overrideAction: { none: {} },
    statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
    visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: name, sampledRequestsEnabled: false },
  };
}
