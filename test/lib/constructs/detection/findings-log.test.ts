import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { resolveIntrinsics } from '../../../cfn-resolve';
import { FINDINGS_LOG_PATTERNS, FINDINGS_METRICS, FindingsLog, SECURITY_OPERATIONS_NAMESPACE } from '../../../../lib/constructs/detection/findings-log';

function synth(alarmSourceAccountIds?: string[]): Template {
  const stack = new Stack(new App(), 'T', { env: { account: '222222222222', region: 'eu-west-1' } });
  new FindingsLog(stack, 'FindingsLog', { logGroupName: '/acme/security-findings', keyAlias: 'alias/acme/security-findings-log', retention: RetentionDays.ONE_YEAR, alarmSourceAccountIds });
  return Template.fromStack(stack);
}
const t = synth(['111111111111']);

describe('FindingsLog', () => {
  test('a KMS-encrypted log group with rotation, both retained', () => {
    t.hasResource('AWS::Logs::LogGroup', {
      Properties: { LogGroupName: '/acme/security-findings', RetentionInDays: 365, KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^FindingsLogKey'), 'Arn'] } },
      DeletionPolicy: 'Retain',
    });
    t.hasResource('AWS::KMS::Key', { Properties: { EnableKeyRotation: true }, DeletionPolicy: 'Retain' });
    // CloudWatch Logs may use the key only for this log group (encryption context), per the KMS encryption page.
    const [key] = Object.values<any>(t.findResources('AWS::KMS::Key'));
    const statements = resolveIntrinsics(key.Properties.KeyPolicy, t.toJSON()).Statement;
    expect(statements).toContainEqual(
      expect.objectContaining({
        Principal: { Service: 'logs.eu-west-1.amazonaws.com' },
        Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:eu-west-1:222222222222:log-group:/acme/security-findings' } },
      }),
    );
  });

  test('EventBridge writes through a resource policy on this log group only, with no role and no custom resource', () => {
    const [policy] = Object.values<any>(t.findResources('AWS::Logs::ResourcePolicy'));
    const doc = JSON.parse(policy.Properties.PolicyDocument['Fn::Join'] ? policy.Properties.PolicyDocument['Fn::Join'][1].map((p: any) => (typeof p === 'string' ? p : 'ARN')).join('') : policy.Properties.PolicyDocument);
    expect(doc.Statement).toEqual([
      expect.objectContaining({ Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: ['logs:CreateLogStream', 'logs:PutLogEvents'] }),
    ]);
    const rules = Object.values<any>(t.findResources('AWS::Events::Rule'));
    expect(rules).toHaveLength(Object.keys(FINDINGS_LOG_PATTERNS).length);
    for (const r of rules) {
      expect(resolveIntrinsics(r.Properties.Targets, t.toJSON())).toEqual([expect.objectContaining({ Arn: 'arn:aws:logs:eu-west-1:222222222222:log-group:/acme/security-findings' })]);
      expect(r.Properties.Targets[0].RoleArn).toBeUndefined();
    }
    expect(Object.keys(t.toJSON().Resources).filter((id) => /Custom|AWS679f53fac/.test(t.toJSON().Resources[id].Type))).toEqual([]);
  });

  test('records every active Security Hub finding, critical Inspector findings in any status, and landing-zone alarm state changes', () => {
    t.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['aws.securityhub'], 'detail-type': ['Security Hub Findings - Imported'], detail: { findings: { RecordState: ['ACTIVE'] } } },
    });
    t.hasResourceProperties('AWS::Events::Rule', { EventPattern: { source: ['aws.inspector2'], 'detail-type': ['Inspector2 Finding'], detail: { severity: ['CRITICAL'] } } });
    t.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['aws.cloudwatch'], 'detail-type': ['CloudWatch Alarm State Change'], detail: { alarmName: [{ prefix: 'CIS-' }, { prefix: 'LZ-' }] } },
    });
  });

  test.each(FINDINGS_METRICS.map((m) => [m.metricName, m] as const))('metric filter %s: its dimensions read fields its pattern names, at most three', (_name, spec) => {
    expect(Object.keys(spec.dimensions).length).toBeLessThanOrEqual(3);
    for (const selector of Object.values(spec.dimensions)) expect(spec.pattern).toContain(`${selector} = `);
    t.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: spec.pattern,
      MetricTransformations: [
        {
          MetricNamespace: SECURITY_OPERATIONS_NAMESPACE,
          MetricName: spec.metricName,
          MetricValue: '1',
          Dimensions: Match.arrayEquals(Object.entries(spec.dimensions).map(([Key, Value]) => ({ Key, Value }))),
        },
      ],
    });
  });

  test('the management account may put events on the default bus, and nothing else', () => {
    t.hasResourceProperties('AWS::Events::EventBusPolicy', {
      EventBusName: 'default',
      Statement: {
        Effect: 'Allow',
        Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::111111111111:root']] } },
        Action: 'events:PutEvents',
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':events:eu-west-1:222222222222:event-bus/default']] },
      },
    });
    synth().resourceCountIs('AWS::Events::EventBusPolicy', 0);
  });
});
