import { Duration, Validations } from 'aws-cdk-lib';
import type { ICertificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Bucket, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { secureBucketProps } from '../defaults/bucket';
import { secureKeyProps } from '../defaults/kms';

export interface ConsoleHostingProps {
  /** The API the console talks to, allowed by its content security policy. */
  readonly apiOrigin: string;
  /** The Cognito hosted sign-in origin, allowed by its content security policy. */
  readonly signInOrigin: string;
  /**
   * Serve the console on your own domain. The TLS 1.2 (2021) minimum protocol only takes effect
   * with a certificate of your own; the default *.cloudfront.net certificate's policy is fixed.
   * @default the distribution's cloudfront.net name
   */
  readonly domain?: {
    /** Host names, e.g. `console.example.com`. */
    readonly names: readonly string[];
    /** An ACM certificate in us-east-1 covering the names. */
    readonly certificate: ICertificate;
  };
}

/**
 * The admin console: a private, encrypted bucket read only by CloudFront through origin access
 * control, served over HTTPS with security headers (a strict content security policy, HSTS, no
 * framing, no sniffing). Upload `console/dist` and a `config.json` to the bucket after deploying.
 */
export class ConsoleHosting extends Construct {
  readonly bucket: Bucket;
  /**
   * The site bucket's key, of its own: CloudFront may decrypt with it for any distribution of this
   * account (a narrower source would be a cycle: distribution → bucket → key policy →
   * distribution), which is acceptable only for a key that opens the console's static files.
   */
  readonly key: Key;
  readonly distribution: Distribution;
  readonly logs: Bucket;
  private readonly domainName?: string;

  constructor(scope: Construct, id: string, props: ConsoleHostingProps) {
    super(scope, id);
    // CloudFront standard logs need ACLs on their bucket, and cannot be written under a KMS key.
    this.logs = new Bucket(
      this,
      'Logs',
      secureBucketProps({
        objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
        lifecycleRules: [{ expiration: Duration.days(365) }],
      }),
    );
    this.key = new Key(
      this,
      'Key',
      secureKeyProps({ description: 'Vivified console site (static files only)' }),
    );
    this.bucket = new Bucket(
      this,
      'Site',
      secureBucketProps({
        encryptionKey: this.key,
        serverAccessLogsBucket: this.logs,
        serverAccessLogsPrefix: 'site/',
      }),
    );
    const headers = new ResponseHeadersPolicy(this, 'Headers', {
      comment: 'Vivified console security headers',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: [
            "default-src 'self'",
            `connect-src 'self' ${props.apiOrigin} ${props.signInOrigin}`,
            "img-src 'self' data:",
            "style-src 'self'",
            "script-src 'self'",
            "frame-ancestors 'none'",
            "base-uri 'none'",
            // Plugin panels: the console POSTs a panel session into a sandboxed frame of the
            // API's origin (docs/panels.md); nothing else is framed or posted anywhere.
            `frame-src ${props.apiOrigin}`,
            `form-action 'self' ${props.apiOrigin}`,
          ].join('; '),
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          preload: true,
          override: true,
        },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        contentTypeOptions: { override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
    });
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Vivified admin console',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: headers,
      },
      ...(props.domain
        ? {
            domainNames: [...props.domain.names],
            certificate: props.domain.certificate,
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: this.logs,
      logFilePrefix: 'cdn/',
    });
    this.domainName = props.domain?.names[0];
    this.acknowledge();
  }

  /** What cdk-nag reports about the console that is so by design. */
  private acknowledge() {
    const cdn = Validations.of(this.distribution);
    cdn.acknowledge({
      id: 'AwsSolutions-CFR1',
      reason: 'The console serves tenants wherever they are; restrict countries per deployment if needed.',
    });
    cdn.acknowledge({
      id: 'AwsSolutions-CFR2',
      reason: 'It serves static files only; every API call goes to API Gateway, which has its own web ACL.',
    });
    if (!this.domainName) {
      cdn.acknowledge({
        id: 'AwsSolutions-CFR4',
        reason:
          'Without a domain of its own the console uses the default *.cloudfront.net certificate, whose policy cannot be set; the domain prop sets TLS 1.2 (2021).',
      });
    }
    for (const bucket of [this.bucket, this.logs]) {
      Validations.of(bucket).acknowledge({
        id: 'HIPAA.Security-S3BucketReplicationEnabled',
        reason:
          'The console is rebuilt from source; its files and access logs hold no PHI and need no replica.',
      });
    }
    Validations.of(this.logs).acknowledge({
      id: 'HIPAA.Security-S3DefaultEncryptionKMS',
      reason:
        'CloudFront and S3 server access logs cannot be delivered to a KMS-encrypted bucket; SSE-S3 is used.',
    });
  }

  /** Where the console is served: its own domain when given, else the distribution's name. */
  get url(): string {
    return `https://${this.domainName ?? this.distribution.distributionDomainName}`;
  }
}
