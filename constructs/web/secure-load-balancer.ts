import { Duration } from 'aws-cdk-lib';
import type * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { acknowledgeNoFix, isOptedOut, optOutProblems, recordOptOut, type OptOut } from '../core/opt-out';
import { throwIfProblems } from '../core/validation-error';
import { AccessLogsBucket } from '../storage/access-logs-bucket';
import { SecureWebAcl } from './secure-web-acl';

/** Secure defaults of {@link SecureLoadBalancer} a caller may turn off, each with a reason. */
export interface SecureLoadBalancerOptOuts {
  /** Let the load balancer be deleted by a stack update or deletion. */
  readonly deletionProtection?: OptOut;
}

/** Props for {@link SecureLoadBalancer}. */
export interface SecureLoadBalancerProps {
  /** VPC with tier subnet groups (`public`, `app`, ...), e.g. a `TieredVpc`. */
  readonly vpc: ec2.IVpc;
  /**
   * ACM certificate of the HTTPS listener.
   * @see NIST 800-53 SC-8 (ELBv2ACMCertificateRequired)
   */
  readonly certificate: acm.ICertificate;
  /**
   * Reachable from the internet. Internet-facing load balancers live only in the `public` tier.
   * @default true
   */
  readonly internetFacing?: boolean;
  /**
   * Subnet group the load balancer is placed in.
   * @default 'public' when internet-facing, 'app' otherwise
   */
  readonly subnetGroupName?: string;
  /**
   * TLS security policy of the HTTPS listener: ELBSecurityPolicy-TLS13-1-2-2021-06 or stricter.
   * @default elbv2.SslPolicy.TLS13_RES (ELBSecurityPolicy-TLS13-1-2-Res-2021-06)
   * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html
   */
  readonly sslPolicy?: elbv2.SslPolicy;
  /**
   * Bucket (SSE-S3, same region) for access logs, e.g. the log archive's ELB log bucket.
   * @default - a new {@link AccessLogsBucket}
   * @see Security Hub ELB.5; NIST 800-53 AU-2 (ELBLoggingEnabled)
   */
  readonly accessLogsBucket?: s3.IBucket;
  /**
   * ARN of a REGIONAL WAFv2 web ACL to associate.
   * @default - a new {@link SecureWebAcl} of scope REGIONAL
   * @see NIST 800-53 SC-7 (ALBWAFEnabled)
   */
  readonly webAclArn?: string;
  /**
   * Action of the HTTPS listener for requests no rule matches; add routes with `listener.addTargets(...)`.
   * @default - a fixed 404 response
   */
  readonly defaultAction?: elbv2.ListenerAction;
  /**
   * Secure defaults turned off on purpose; each is recorded in the template metadata.
   * @default - none
   */
  readonly optOuts?: SecureLoadBalancerOptOuts;
}

/**
 * Key prefix of the access logs (`elb/<construct address>/AWSLogs/<account>/elasticloadbalancing/...`); the
 * landing zone's ELB log buckets admit it, so a caller may pass one of them as `accessLogsBucket`.
 */
export const ELB_ACCESS_LOG_PREFIX = 'elb';

/** Listener policies at least as strict as ELBSecurityPolicy-TLS13-1-2-2021-06 (TLS 1.2+, no Ext ciphers). */
export const ALLOWED_SSL_POLICIES: readonly elbv2.SslPolicy[] = [
  elbv2.SslPolicy.RECOMMENDED_TLS,
  elbv2.SslPolicy.TLS13_RES,
  elbv2.SslPolicy.TLS13_13,
  elbv2.SslPolicy.TLS13_12_PQ,
  elbv2.SslPolicy.TLS13_12_RES_PQ,
  elbv2.SslPolicy.TLS13_13_PQ,
  elbv2.SslPolicy.FIPS_TLS13_12,
  elbv2.SslPolicy.FIPS_TLS13_12_RES,
  elbv2.SslPolicy.FIPS_TLS13_13,
  elbv2.SslPolicy.FIPS_TLS13_12_PQ,
  elbv2.SslPolicy.FIPS_TLS13_12_RES_PQ,
  elbv2.SslPolicy.FIPS_TLS13_13_PQ,
];

/**
 * An Application Load Balancer that only speaks TLS to clients, behind a WAF, with access logs.
 *
 * ```ts
 * const lb = new SecureLoadBalancer(this, 'Api', { vpc, certificate });
 * lb.listener.addTargets('Api', { priority: 10, conditions: [elbv2.ListenerCondition.pathPatterns(['/api/*'])], targets, port: 8080 });
 * ```
 *
 * Default settings:
 * - internet-facing only in the `public` subnet group (internal ones default to `app`)
 * - HTTPS listener on 443 with an ACM certificate and ELBSecurityPolicy-TLS13-1-2-Res-2021-06;
 *   HTTP on 80 only redirects to HTTPS (301)
 * - drops invalid header fields (`routing.http.drop_invalid_header_fields.enabled`), defensive desync mitigation
 * - REGIONAL WAF web ACL with AWS managed rule groups and a per-IP rate limit ({@link SecureWebAcl})
 * - access logs to an SSE-S3 {@link AccessLogsBucket} (or the bucket you pass)
 * - deletion protection on
 * - security group: 443 and 80 from anywhere when internet-facing, from the VPC CIDR when internal
 *
 * @see Security Hub ELB.1, ELB.4, ELB.5, ELB.6, ELB.12, ELB.17, WAF.10; NIST 800-53 SC-7, SC-8, AU-2
 */
export class SecureLoadBalancer extends Construct {
  /**
   * The application load balancer. Point DNS at `loadBalancerDnsName`; add targets through `listener`
   * (a listener added here would not get the TLS policy, the WAF rules still apply).
   */
  public readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  /** The HTTPS listener on 443: add targets and rules here (`listener.addTargets(...)`). */
  public readonly listener: elbv2.ApplicationListener;
  /**
   * The load balancer's security group: 443 and 80 in from clients, no egress until targets are added.
   * Let your targets admit it (`fn.connections.allowFrom(lb.securityGroup, ...)`) rather than widening it.
   */
  public readonly securityGroup: ec2.SecurityGroup;
  /** The REGIONAL web ACL this construct created and associated; undefined when a `webAclArn` was passed. */
  public readonly webAcl?: SecureWebAcl;
  /** The access-log bucket this construct created; undefined when an `accessLogsBucket` was passed. */
  public readonly accessLogsBucket?: AccessLogsBucket;

  constructor(scope: Construct, id: string, props: SecureLoadBalancerProps) {
    super(scope, id);
    const internetFacing = props.internetFacing ?? true;
    const subnetGroupName = props.subnetGroupName ?? (internetFacing ? 'public' : 'app');
    const sslPolicy = props.sslPolicy ?? elbv2.SslPolicy.TLS13_RES;
    throwIfProblems(this, 'SecureLoadBalancer', [
      ...optOutProblems(props.optOuts, ['deletionProtection']),
      ...(internetFacing && subnetGroupName !== 'public'
        ? [`subnetGroupName: "${subnetGroupName}" for an internet-facing load balancer (allowed: "public"; set internetFacing: false for other tiers)`]
        : []),
      ...(!internetFacing && subnetGroupName === 'public'
        ? ['subnetGroupName: "public" for an internal load balancer (allowed: a private tier such as "app")']
        : []),
      ...(ALLOWED_SSL_POLICIES.includes(sslPolicy)
        ? []
        : [`sslPolicy: "${sslPolicy}" is weaker than ELBSecurityPolicy-TLS13-1-2-2021-06 (allowed: ${ALLOWED_SSL_POLICIES.join(', ')})`]),
      ...subnetGroupProblems(props.vpc, subnetGroupName),
    ]);

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `${internetFacing ? 'Internet-facing' : 'Internal'} load balancer ${this.node.path}`.slice(0, 255),
      allowAllOutbound: false,
    });
    const clients = internetFacing ? ec2.Peer.anyIpv4() : ec2.Peer.ipv4(props.vpc.vpcCidrBlock);
    this.securityGroup.addIngressRule(clients, ec2.Port.tcp(443), 'HTTPS from clients');
    this.securityGroup.addIngressRule(clients, ec2.Port.tcp(80), 'HTTP from clients, redirected to HTTPS');

    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'Resource', {
      vpc: props.vpc,
      internetFacing,
      vpcSubnets: { subnetGroupName },
      securityGroup: this.securityGroup,
      dropInvalidHeaderFields: true,
      desyncMitigationMode: elbv2.DesyncMitigationMode.DEFENSIVE,
      deletionProtection: !isOptedOut(props.optOuts, 'deletionProtection'),
      idleTimeout: Duration.seconds(60),
    });
    if (!props.accessLogsBucket) this.accessLogsBucket = new AccessLogsBucket(this, 'AccessLogs');
    this.loadBalancer.logAccessLogs(props.accessLogsBucket ?? this.accessLogsBucket!.bucket, `${ELB_ACCESS_LOG_PREFIX}/${this.node.addr}`);

    this.listener = this.loadBalancer.addListener('Https', {
      port: 443,
      protocol: elbv2.ApplicationProtocol.HTTPS,
      certificates: [elbv2.ListenerCertificate.fromCertificateManager(props.certificate)],
      sslPolicy,
      open: false,
      defaultAction: props.defaultAction ?? elbv2.ListenerAction.fixedResponse(404, { contentType: 'text/plain', messageBody: 'Not Found' }),
    });
    const redirect = this.loadBalancer.addRedirect({
      sourcePort: 80,
      sourceProtocol: elbv2.ApplicationProtocol.HTTP,
      targetPort: 443,
      targetProtocol: elbv2.ApplicationProtocol.HTTPS,
      open: false,
    });
    acknowledgeNoFix(
      redirect.node.defaultChild as elbv2.CfnListener,
      ['NIST.800.53.R5-ELBv2ACMCertificateRequired'],
      'The port-80 listener only answers 301 redirects to HTTPS (required by ALBHttpToHttpsRedirection); plain HTTP cannot carry a certificate.',
    );

    if (props.webAclArn === undefined) this.webAcl = new SecureWebAcl(this, 'WebAcl', { scope: 'REGIONAL' });
    new wafv2.CfnWebACLAssociation(this, 'WebAclAssociation', {
      resourceArn: this.loadBalancer.loadBalancerArn,
      webAclArn: props.webAclArn ?? this.webAcl!.webAclArn,
    });

    const cfn = this.loadBalancer.node.defaultChild as elbv2.CfnLoadBalancer;
    if (props.optOuts?.deletionProtection) {
      recordOptOut(cfn, 'deletionProtection', props.optOuts.deletionProtection, ['NIST.800.53.R5-ELBDeletionProtectionEnabled']);
    }
    if (internetFacing) {
      acknowledgeNoFix(
        this.securityGroup.node.defaultChild as ec2.CfnSecurityGroup,
        ['AwsSolutions-EC23'],
        'Internet-facing load balancer: 443 (and 80, which only redirects to 443) must accept any client; the WAF web ACL filters requests.',
      );
    }
  }
}

/** The VPC must have the subnet group the load balancer goes in (skipped for VPCs without known subnets). */
function subnetGroupProblems(vpc: ec2.IVpc, subnetGroupName: string): string[] {
  try {
    vpc.selectSubnets({ subnetGroupName });
    return [];
  } catch {
    return [`subnetGroupName: the VPC has no subnet group "${subnetGroupName}" (allowed: a subnet group of the VPC, e.g. public, app)`];
  }
}
