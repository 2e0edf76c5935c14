import { ArnFormat, Names, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { throwIfProblems } from '../core/validation-error';
import { allowLogsToEncrypt } from '../core/logs-key';
import { newKeyWithServiceGrantsOnly } from '../core/kms-grants';

/** Where the web ACL is used: CloudFront (must be created in us-east-1) or a regional resource (ALB, API Gateway). */
export type WebAclScope = 'CLOUDFRONT' | 'REGIONAL';

/** Props for {@link SecureWebAcl}. */
export interface SecureWebAclProps {
  /** `CLOUDFRONT` for distributions (the stack must be in us-east-1) or `REGIONAL` for load balancers. */
  readonly scope: WebAclScope;
  /**
   * Requests one client IP may send per evaluation window before it is blocked (10 - 2,000,000,000).
   * @default 1000
   * @see https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-rate-based-high-level-settings.html
   */
  readonly rateLimit?: number;
  /**
   * Evaluation window of the rate limit, in seconds: 60, 120, 300 or 600.
   * @default 300
   */
  readonly rateLimitWindowSeconds?: number;
  /**
   * Days the WAF logs are kept in CloudWatch Logs.
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;
}

/** The AWS managed rule groups every web ACL gets, in evaluation order. */
export const MANAGED_RULE_GROUPS = [
  'AWSManagedRulesAmazonIpReputationList',
  'AWSManagedRulesCommonRuleSet',
  'AWSManagedRulesKnownBadInputsRuleSet',
] as const;

const WINDOWS = [60, 120, 300, 600];

/**
 * A WAFv2 web ACL with AWS managed rule groups, a per-IP rate limit and logging.
 *
 * ```ts
 * const acl = new SecureWebAcl(this, 'WebAcl', { scope: 'REGIONAL' });
 * ```
 *
 * Default settings:
 * - default action Allow; rules in order: per-IP rate limit (1000 requests per 5 minutes, Block),
 *   `AWSManagedRulesAmazonIpReputationList`, `AWSManagedRulesCommonRuleSet`, `AWSManagedRulesKnownBadInputsRuleSet`
 * - CloudWatch metrics and sampled requests on every rule
 * - full logs to a CloudWatch log group `aws-waf-logs-...` encrypted with a customer-managed key,
 *   kept one year, retained; `authorization` and `cookie` headers redacted from the logs
 *
 * @see Security Hub WAF.10-WAF.12; NIST 800-53 SC-5, SC-7, AU-2 (WAFv2LoggingEnabled)
 */
export class SecureWebAcl extends Construct {
  /** The web ACL (L1). Read its attributes; associate it through `webAclArn`. */
  public readonly webAcl: wafv2.CfnWebACL;
  /**
   * The KMS-encrypted `aws-waf-logs-*` log group WAF writes every request to (authorization and cookie
   * headers redacted). Query it with Logs Insights or add metric filters and subscriptions on it.
   */
  public readonly logGroup: logs.LogGroup;
  /** ARN of the web ACL: pass it to CloudFront (`webAclId`) or associate it with a regional resource. */
  public readonly webAclArn: string;

  constructor(scope: Construct, id: string, props: SecureWebAclProps) {
    super(scope, id);
    const rateLimit = props.rateLimit ?? 1000;
    const window = props.rateLimitWindowSeconds ?? 300;
    const region = Stack.of(this).region;
    throwIfProblems(this, 'SecureWebAcl', [
      ...(['CLOUDFRONT', 'REGIONAL'].includes(props.scope) ? [] : [`scope: "${props.scope}" is not a web ACL scope (allowed: CLOUDFRONT, REGIONAL)`]),
      ...(props.scope === 'CLOUDFRONT' && !Token.isUnresolved(region) && region !== 'us-east-1'
        ? [`scope: CLOUDFRONT web ACLs must be created in us-east-1, this stack is in "${region}" (allowed: a us-east-1 stack; pass its webAclArn to other regions with crossRegionReferences)`]
        : []),
      ...(!Token.isUnresolved(rateLimit) && (!Number.isInteger(rateLimit) || rateLimit < 10 || rateLimit > 2_000_000_000)
        ? [`rateLimit: ${rateLimit} is not allowed (allowed: a whole number from 10 to 2000000000)`]
        : []),
      ...(WINDOWS.includes(window) ? [] : [`rateLimitWindowSeconds: ${window} is not allowed (allowed: ${WINDOWS.join(', ')})`]),
    ]);

    const metricPrefix = Names.uniqueResourceName(this, { maxLength: 100, separator: '-' });
    const visibility = (name: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName: `${metricPrefix}-${name}`.slice(0, 128),
    });
    const rules: wafv2.CfnWebACL.RuleProperty[] = [
      {
        name: 'RateLimitPerIp',
        priority: 0,
        action: { block: {} },
        statement: { rateBasedStatement: { limit: rateLimit, evaluationWindowSec: window, aggregateKeyType: 'IP' } },
        visibilityConfig: visibility('RateLimitPerIp'),
      },
      ...MANAGED_RULE_GROUPS.map((name, i) => ({
        name,
        priority: i + 1,
        overrideAction: { none: {} },
        statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
        visibilityConfig: visibility(name),
      })),
    ];
    this.webAcl = new wafv2.CfnWebACL(this, 'Resource', {
      scope: props.scope,
      defaultAction: { allow: {} },
      rules,
      visibilityConfig: visibility('WebAcl'),
    });
    this.webAclArn = this.webAcl.attrArn;

    // WAF delivers only to log groups whose name starts with aws-waf-logs-.
    const logGroupName = `aws-waf-logs-${Names.uniqueResourceName(this, { maxLength: 200, separator: '-' })}`;
    const key = newKeyWithServiceGrantsOnly(this, 'LogKey', {
      description: `Encrypts the WAF logs of ${this.node.path}`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const stack = Stack.of(this);
    allowLogsToEncrypt(key, [logGroupName], 'CloudWatchLogsEncryptsTheWafLogGroup');
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName,
      encryptionKey: key,
      retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // WAF wants the log group ARN without the `:*` suffix of the log group's Arn attribute.
    const logging = new wafv2.CfnLoggingConfiguration(this, 'Logging', {
      resourceArn: this.webAcl.attrArn,
      logDestinationConfigs: [
        stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
      ],
      redactedFields: [{ singleHeader: { Name: 'authorization' } }, { singleHeader: { Name: 'cookie' } }],
    });
    logging.node.addDependency(this.logGroup);
  }
}
