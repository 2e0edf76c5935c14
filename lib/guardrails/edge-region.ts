/**
 * The edge-region allowance: what a product team needs in us-east-1 to put CloudFront in front of a site
 * when us-east-1 is not a governed region, and nothing more.
 *
 * CloudFront reads viewer certificates (ACM) and CLOUDFRONT-scope web ACLs (WAFv2) from us-east-1 only, and
 * a CloudFormation stack that creates a CLOUDFRONT web ACL must run there, with its CDK bootstrap. ACM, WAFv2
 * and CloudFront are already in `GLOBAL_SERVICE_ACTIONS`. This module adds, in us-east-1 only:
 * - `EDGE_ACTIONS`: CloudFormation (stacks hold no data; every resource in them is its own request, checked
 *   on its own), the ECR login, management of KMS keys (the WAF log group's key; no encrypt or decrypt by
 *   principals, so no data is read with them), and the account-level CloudWatch Logs calls WAF logging makes;
 * - `EDGE_RESOURCE` patterns: the default bootstrap's staging bucket, container repository and version
 *   parameter (by their exact naming scheme), and `aws-waf-logs-*` log groups.
 * Everything else in us-east-1 stays denied: no other bucket, no instance, function, database or table.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cnames-and-https-requirements.html
 * @see https://docs.aws.amazon.com/waf/latest/developerguide/logging-cw-logs.html
 * @see https://docs.aws.amazon.com/cdk/v2/guide/bootstrapping-env.html
 */
import { cdkBootstrapEdgeArnPatterns, EDGE_REGION } from '../names';
import type { GuardrailStatement } from './statement';

/** Actions allowed in the edge region on any resource (resource-less, or no data behind them). */
export const EDGE_ACTIONS: readonly string[] = [
  'cloudformation:*',
  // `cdk deploy` logs in to the bootstrap repository; GetAuthorizationToken has no resource type.
  'ecr:GetAuthorizationToken',
  // AWS::KMS::Key handler permissions (create, read, update, delete, list) for the WAF log group's key:
  // https://github.com/aws-cloudformation/aws-cloudformation-resource-providers-kms/blob/master/key/aws-kms-key.json
  'kms:CreateKey',
  'kms:DescribeKey',
  'kms:EnableKeyRotation',
  'kms:DisableKeyRotation',
  'kms:EnableKey',
  'kms:GetKeyPolicy',
  'kms:GetKeyRotationStatus',
  'kms:ListKeys',
  'kms:ListResourceTags',
  'kms:PutKeyPolicy',
  'kms:ScheduleKeyDeletion',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:UpdateKeyDescription',
  // What the caller of wafv2:PutLoggingConfiguration needs for a CloudWatch Logs destination (resource "*"):
  // https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-infrastructure-CWL.html
  'logs:CreateLogDelivery',
  'logs:DeleteLogDelivery',
  'logs:DescribeLogGroups',
  'logs:DescribeResourcePolicies',
  'logs:PutResourcePolicy',
];

/** Resources any action may touch in the edge region: the bootstraps' named resources and WAF log groups. */
export function edgeResourcePatterns(bootstrapQualifiers: readonly string[]): string[] {
  return [
    ...bootstrapQualifiers.flatMap((q) => {
      const p = cdkBootstrapEdgeArnPatterns(q);
      return [...p.bucket, p.parameter, p.repository];
    }),
    // WAF delivers only to log groups named aws-waf-logs-*; for CLOUDFRONT web ACLs they live in us-east-1.
    `arn:aws:logs:${EDGE_REGION}:*:log-group:aws-waf-logs-*`,
  ];
}

/** The edge allowance as the region guardrail uses it. */
export interface EdgeAllowance {
  readonly enabled: boolean;
  readonly bootstrapQualifiers: readonly string[];
}

/**
 * The region statements: `DenyUngovernedRegions` (everything but global services outside the governed
 * regions, and outside the edge region when the allowance is on) and, with the allowance, `LimitEdgeRegion`
 * (in us-east-1, only global services, `EDGE_ACTIONS` and `EDGE_RESOURCE` patterns).
 */
export function regionStatements(
  governedRegions: readonly string[],
  globalActions: readonly string[],
  edge: EdgeAllowance,
  exempt: NonNullable<GuardrailStatement['Condition']>,
): GuardrailStatement[] {
  const withEdge = edge.enabled && !governedRegions.includes(EDGE_REGION);
  const allowedRegions = withEdge ? [...governedRegions, EDGE_REGION] : [...governedRegions];
  const statements: GuardrailStatement[] = [
    {
      Sid: 'DenyUngovernedRegions',
      Effect: 'Deny',
      NotAction: [...globalActions],
      Resource: '*',
      Condition: { StringNotEquals: { 'aws:RequestedRegion': allowedRegions }, ...exempt },
      control: 'SCP governed-regions',
    },
  ];
  if (withEdge) {
    statements.push({
      Sid: 'LimitEdgeRegion',
      Effect: 'Deny',
      NotAction: [...globalActions, ...EDGE_ACTIONS],
      NotResource: edgeResourcePatterns(edge.bootstrapQualifiers),
      Condition: { StringEquals: { 'aws:RequestedRegion': EDGE_REGION }, ...exempt },
      control: 'SCP governed-regions',
    });
  }
  return statements;
}
