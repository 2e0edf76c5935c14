import { Stack, Validations } from 'aws-cdk-lib';
import { acknowledgeEveryPack, acknowledgedIdsOn } from '../../../constructs/core/opt-out';
import { PROACTIVE_CONTROLS_PLUGIN, proactiveControlId, proactiveControlsOfNagRule } from '../../../constructs/core/proactive-controls';

test('a proactive control is acknowledged under the plugin namespace CDK gives it', () => {
  expect(proactiveControlId('sqs_dlq_check')).toBe(`${PROACTIVE_CONTROLS_PLUGIN}::sqs_dlq_check`);
});

test('a nag check a control restates stands for the control in every pack; a finding-level or unrelated ID does not', () => {
  expect(proactiveControlsOfNagRule('HIPAA.Security-S3BucketLoggingEnabled')).toEqual(['cdk-validator-cfnguard::s3_bucket_logging_enabled_check']);
  expect(proactiveControlsOfNagRule('AwsSolutions-IAM5[Action::s3:*]')).toEqual([]);
  expect(proactiveControlsOfNagRule('NIST.800.53.R5-S3BucketReplicationEnabled')).toEqual([]);
});

test('a construct acknowledging a nag check acknowledges its Control Tower twin with the same reason', () => {
  const stack = new Stack();
  const reason = 'This bucket is the access-log destination; it cannot log to itself.';
  acknowledgeEveryPack(stack, ['AwsSolutions-S1', 'NIST.800.53.R5-S3BucketLoggingEnabled'], reason);
  expect(acknowledgedIdsOn(stack)).toContain('cdk-validator-cfnguard::s3_bucket_logging_enabled_check');
  const written = stack.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY).map((m) => m.data as Record<string, string>);
  expect(written.map((d) => d['cdk-validator-cfnguard::s3_bucket_logging_enabled_check']).filter(Boolean)).toEqual([reason]);
});
