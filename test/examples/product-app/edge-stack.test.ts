/**
 * The example's us-east-1 stack deploys under the default config's guardrails: every resource in its
 * synthesized template is created by the calls its CloudFormation handler makes, evaluated as CDK's default
 * execution role of a Workloads/Prod account in us-east-1 (not governed). A resource type without a row
 * fails the test, so a new edge resource is a decision about the edge allowance.
 */
import { App } from 'aws-cdk-lib';
import { buildProductApp, EXAMPLE_SETTINGS } from '../../../examples/product-app/app';
import { defaultConfig, templateOf, tempOutdir } from '../../helpers';
import { harness } from '../../lib/guardrails/org-policy-harness';

const config = defaultConfig();
const { decide } = harness(config, templateOf('organization', config).toJSON(), 'unused');
const A = '333333333333';
const E = 'us-east-1';

/** The create calls of each resource type, with the AWS page documenting them. */
const CREATE_CALLS: Record<string, (props: any) => Array<{ action: string; resource: string; source: string }>> = {
  'AWS::WAFv2::WebACL': () => [{ action: 'wafv2:CreateWebACL', resource: `arn:aws:wafv2:${E}:${A}:global/webacl/site/*`, source: 'https://docs.aws.amazon.com/waf/latest/APIReference/API_CreateWebACL.html' }],
  'AWS::WAFv2::LoggingConfiguration': () => [
    { action: 'wafv2:PutLoggingConfiguration', resource: `arn:aws:wafv2:${E}:${A}:global/webacl/site/0123`, source: 'https://docs.aws.amazon.com/waf/latest/APIReference/API_PutLoggingConfiguration.html' },
    // The caller's CloudWatch Logs permissions for vended WAF logs:
    ...['logs:CreateLogDelivery', 'logs:PutResourcePolicy', 'logs:DescribeResourcePolicies', 'logs:DescribeLogGroups'].map((action) => ({ action, resource: '*', source: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-infrastructure-CWL.html' })),
  ],
  'AWS::KMS::Key': () =>
    ['kms:CreateKey', 'kms:PutKeyPolicy', 'kms:EnableKeyRotation', 'kms:TagResource', 'kms:DescribeKey'].map((action) => ({
      action,
      resource: action === 'kms:CreateKey' ? '*' : `arn:aws:kms:${E}:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
      source: `https://docs.aws.amazon.com/kms/latest/APIReference/API_${action.slice(4)}.html`,
    })),
  'AWS::Logs::LogGroup': (p) =>
    ['logs:CreateLogGroup', 'logs:PutRetentionPolicy', 'logs:AssociateKmsKey', 'logs:TagResource'].map((action) => ({
      action,
      resource: `arn:aws:logs:${E}:${A}:log-group:${p.LogGroupName}`,
      source: `https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_${action.slice(5)}.html`,
    })),
  'AWS::CDK::Metadata': () => [],
};

describe('the example\u2019s edge stack under the edge-region allowance', () => {
  const app = new App({ outdir: tempOutdir() });
  const product = buildProductApp(app, { ...EXAMPLE_SETTINGS, account: A });
  const resources = Object.values<any>(app.synth().getStackByName(product.edge.stackName).template.Resources);

  test('holds only resource types the table knows', () => {
    expect(resources.map((r) => r.Type).filter((t) => !(t in CREATE_CALLS))).toEqual([]);
  });

  test('every create call of every resource is allowed for CDK\u2019s default execution role in us-east-1', async () => {
    const calls = resources.flatMap((r) => (CREATE_CALLS[r.Type] ?? (() => []))(r.Properties ?? {}));
    expect(calls.length).toBeGreaterThanOrEqual(10);
    const denied: string[] = [];
    for (const c of calls) {
      const principal = `arn:aws:iam::${A}:role/cdk-hnb659fds-cfn-exec-role-${A}-${E}`;
      const decision = await decide({ what: c.action, action: c.action, resource: c.resource, principal, region: E, expected: 'Allowed', source: c.source });
      if (decision !== 'Allowed') denied.push(`${c.action} ${c.resource}: ${decision}`);
    }
    expect(denied).toEqual([]);
  });
});
