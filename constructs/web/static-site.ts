import { Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import type * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeNoFix, optOutProblems, recordOptOut, type OptOut } from '../core/opt-out';
import { proactiveControlId } from '../core/proactive-controls';
import { throwIfProblems } from '../core/validation-error';
import { AccessLogsBucket } from '../storage/access-logs-bucket';
import { SecureBucket } from '../storage/secure-bucket';
import { SecureWebAcl } from './secure-web-acl';

/** Secure defaults of {@link StaticSite} a caller may turn off, each with a reason. */
export interface StaticSiteOptOuts {
  /**
   * Serve on the `*.cloudfront.net` name without a certificate of your own. CloudFront then accepts
   * TLS 1.0 and 1.1 (the default certificate ignores the security policy), so only do it for a preview.
   */
  readonly customCertificate?: OptOut;
}

/** Props for {@link StaticSite}. */
export interface StaticSiteProps {
  /**
   * Domain names the site answers on (e.g. `www.example.com`); they must be covered by `certificate`.
   * @default - none; required unless `optOuts.customCertificate`
   */
  readonly domainNames?: string[];
  /**
   * ACM certificate in us-east-1 covering `domainNames`; with it the viewer security policy is TLSv1.2_2021.
   * @default - none; required unless `optOuts.customCertificate`
   * @see AwsSolutions CFR4
   */
  readonly certificate?: acm.ICertificate;
  /**
   * ARN of a WAFv2 web ACL of scope CLOUDFRONT. CLOUDFRONT web ACLs exist only in us-east-1: keep this
   * stack in a governed region, create a {@link SecureWebAcl} in a us-east-1 stack that holds nothing else
   * (what the landing zone's edge allowance admits there) and pass its ARN. `crossRegionReferences` would
   * add a Lambda function to the us-east-1 stack, which the edge allowance denies, so pass it as a value.
   * @default - a new {@link SecureWebAcl} (the stack must then be in us-east-1)
   * @see AwsSolutions CFR2; Security Hub CloudFront.6
   */
  readonly webAclArn?: string;
  /**
   * Content-Security-Policy header value; tighten or extend it for the scripts and APIs the site uses.
   * @default "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'; upgrade-insecure-requests"
   */
  readonly contentSecurityPolicy?: string;
  /**
   * Bucket for CloudFront standard logs and the content bucket's access logs (log archive). CloudFront
   * standard logging needs ACLs enabled on it (ownership `BucketOwnerPreferred`).
   * @default - a new {@link AccessLogsBucket} with log-delivery ACLs enabled
   * @see AwsSolutions CFR3; Security Hub CloudFront.5
   */
  readonly logBucket?: s3.IBucket;
  /**
   * Countries the site is served to (or kept from).
   * @default - every country
   * @see AwsSolutions CFR1
   */
  readonly geoRestriction?: cloudfront.GeoRestriction;
  /**
   * Object served for `/`.
   * @default 'index.html'
   */
  readonly defaultRootObject?: string;
  /**
   * Secure defaults turned off on purpose; each is recorded in the template metadata.
   * @default - none
   */
  readonly optOuts?: StaticSiteOptOuts;
}

/** The default Content-Security-Policy: same-origin everything, no plugins, no framing. */
export const DEFAULT_CONTENT_SECURITY_POLICY =
  "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'; upgrade-insecure-requests";

/**
 * Static assets served from a private S3 bucket through CloudFront.
 *
 * ```ts
 * const site = new StaticSite(this, 'Site', { domainNames: ['www.example.com'], certificate });
 * new s3deploy.BucketDeployment(this, 'Assets', { destinationBucket: site.bucket.bucket, sources: [...] });
 * ```
 *
 * Default settings:
 * - content in a {@link SecureBucket} (SSE-KMS, versioned, private), read by CloudFront only, through
 *   origin access control (OAC) with SigV4
 * - HTTPS only for viewers (HTTP redirected), viewer security policy TLSv1.2_2021 with SNI, HTTP/2 and HTTP/3
 * - response headers: HSTS (2 years, subdomains, preload), Content-Security-Policy, X-Content-Type-Options
 *   nosniff, X-Frame-Options DENY, Referrer-Policy strict-origin-when-cross-origin
 * - WAF web ACL with AWS managed rule groups and a per-IP rate limit ({@link SecureWebAcl})
 * - CloudFront standard logs and S3 access logs to the log bucket
 *
 * @see AwsSolutions CFR2-CFR7; Security Hub CloudFront.1, .3, .5, .6, .7, .9, .12, .13
 */
export class StaticSite extends Construct {
  /**
   * The private content bucket. Deploy the site into `bucket.bucket` (e.g. with `BucketDeployment`);
   * only this distribution can read it.
   */
  public readonly bucket: SecureBucket;
  /**
   * The CloudFront distribution. Point DNS at `distributionDomainName`, and pass it to `BucketDeployment`
   * (`distribution`) to invalidate the cache on deploy.
   */
  public readonly distribution: cloudfront.Distribution;
  /** The CLOUDFRONT web ACL this construct created; undefined when a `webAclArn` was passed. */
  public readonly webAcl?: SecureWebAcl;
  /**
   * The security headers (HSTS, CSP, nosniff, frame DENY, referrer policy) of the default behaviour. Reuse
   * it on extra behaviours you add with `distribution.addBehavior` so they send the same headers.
   */
  public readonly responseHeadersPolicy: cloudfront.ResponseHeadersPolicy;

  constructor(scope: Construct, id: string, props: StaticSiteProps = {}) {
    super(scope, id);
    const region = Stack.of(this).region;
    const noCertificate = props.optOuts?.customCertificate !== undefined;
    throwIfProblems(this, 'StaticSite', [
      ...optOutProblems(props.optOuts, ['customCertificate']),
      ...(!noCertificate && (!props.certificate || !props.domainNames?.length)
        ? [
            `certificate: ${props.certificate ? 'given' : 'none given'}, domainNames: ${JSON.stringify(props.domainNames ?? [])} (allowed: a us-east-1 ACM certificate and the domain names it covers, or optOuts.customCertificate for a *.cloudfront.net preview)`,
          ]
        : []),
      ...(noCertificate && (props.certificate || props.domainNames?.length)
        ? ['optOuts.customCertificate: given together with a certificate or domain names (allowed: one or the other)']
        : []),
      ...(props.webAclArn === undefined && (Token.isUnresolved(region) || region !== 'us-east-1')
        ? [
            `webAclArn: none given and the stack's region is ${Token.isUnresolved(region) ? 'not set' : `"${region}"`} (allowed: the ARN of a CLOUDFRONT web ACL, e.g. a SecureWebAcl in a us-east-1 stack passed with crossRegionReferences, or this construct in a stack with env region us-east-1)`,
          ]
        : []),
    ]);

    const logBucket = props.logBucket ?? new AccessLogsBucket(this, 'Logs', { allowLogDeliveryAcls: true }).bucket;
    this.bucket = new SecureBucket(this, 'Content', { serverAccessLogsBucket: logBucket, serverAccessLogsPrefix: `s3/${this.node.addr}/` });
    if (props.webAclArn === undefined) this.webAcl = new SecureWebAcl(this, 'WebAcl', { scope: 'CLOUDFRONT' });

    this.responseHeadersPolicy = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: `Security headers of ${this.node.path}`.slice(0, 128),
      securityHeadersBehavior: {
        strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, preload: true, override: true },
        contentSecurityPolicy: { contentSecurityPolicy: props.contentSecurityPolicy ?? DEFAULT_CONTENT_SECURITY_POLICY, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
      },
    });

    this.distribution = new cloudfront.Distribution(this, 'Resource', {
      comment: this.node.path.slice(0, 128),
      defaultRootObject: props.defaultRootObject ?? 'index.html',
      domainNames: props.domainNames,
      certificate: props.certificate,
      minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      sslSupportMethod: cloudfront.SSLMethod.SNI,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      webAclId: props.webAclArn ?? this.webAcl?.webAclArn,
      geoRestriction: props.geoRestriction,
      enableLogging: true,
      logBucket,
      logFilePrefix: `cloudfront/${this.node.addr}/`,
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.responseHeadersPolicy,
        compress: true,
      },
    });
    // CDK cannot name this distribution in the content key's policy (key -> bucket -> distribution would be a
    // cycle), so it allows this account's distributions; reads still need the bucket policy, which names this one.
    Validations.of(this.bucket).acknowledge({
      id: '@aws-cdk/aws-cloudfront-origins:wildcardKeyPolicyForOac',
      reason: 'Key policy allows this account\'s distributions to decrypt, but only this distribution may read the bucket (bucket policy with its ARN).',
    });
    const cfn = this.distribution.node.defaultChild as cloudfront.CfnDistribution;
    acknowledgeNoFix(
      cfn,
      [proactiveControlId('cloudfront_origin_failover_enabled_check')],
      "The site has one origin, the content bucket in the stack's region; an origin group needs a second, replicated bucket in another region, which would copy the content out of the one region it is kept in. Cached objects keep being served from the edge.",
    );
    if (!props.geoRestriction) {
      acknowledgeNoFix(cfn, ['AwsSolutions-CFR1'], 'A public product site serves every country by default; pass geoRestriction where the business is regional.');
    }
    if (props.optOuts?.customCertificate) {
      recordOptOut(cfn, 'customCertificate', props.optOuts.customCertificate, [
        'AwsSolutions-CFR4',
      ]);
    }
  }
}
