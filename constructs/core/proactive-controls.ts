/**
 * AWS Control Tower proactive controls (the CloudFormation Guard rules of `@cdklabs/cdk-validator-cfnguard`) as the
 * construct library names them: the acknowledgment ID of a control, and the controls that test exactly what a
 * cdk-nag check tests, so one acknowledgment of the check holds for its Control Tower twin too (the same reason is
 * true for both). Lives here, not in `lib/`, because a product team runs these controls on its own app and the
 * constructs must carry their acknowledgments to it; the landing zone's synth reads the same table.
 *
 * @see https://docs.aws.amazon.com/controltower/latest/controlreference/proactive-controls.html
 */

/** The plugin's name, which CDK uses as the namespace of its rule IDs. */
export const PROACTIVE_CONTROLS_PLUGIN = 'cdk-validator-cfnguard';

/**
 * Proactive controls that test exactly what a cdk-nag check tests, by Guard rule name → cdk-nag rule function.
 * Only controls read side by side with the nag rule are listed.
 *
 * @see https://docs.aws.amazon.com/controltower/latest/controlreference/lambda-rules.html (CT.LAMBDA.PR.3)
 * @see https://docs.aws.amazon.com/controltower/latest/controlreference/cloudwatch-rules.html (CT.CLOUDWATCH.PR.3)
 * @see https://docs.aws.amazon.com/controltower/latest/controlreference/s3-rules.html (CT.S3.PR.2, CT.S3.PR.10)
 */
export const PROACTIVE_CONTROL_NAG_CHECKS: Readonly<Record<string, string>> = {
  lambda_inside_vpc_check: 'LambdaInsideVPC',
  cloudwatch_log_group_encrypted_check: 'CloudWatchLogGroupEncrypted',
  s3_bucket_logging_enabled_check: 'S3BucketLoggingEnabled',
  s3_bucket_default_encryption_kms_check: 'S3DefaultEncryptionKMS',
  // CT.SQS.PR.1 (a queue has a dead-letter queue) asks what AwsSolutions-SQS3 asks, which is acknowledged only on
  // queues that are themselves a dead-letter queue. https://docs.aws.amazon.com/controltower/latest/userguide/sqs-rules.html
  sqs_dlq_check: 'SQS3',
};

/** The acknowledgment ID of a proactive control (`cdk-validator-cfnguard::<guard rule>`). */
export function proactiveControlId(guardRule: string): string {
  return `${PROACTIVE_CONTROLS_PLUGIN}::${guardRule}`;
}

/** Proactive-control IDs a cdk-nag rule ID also stands for (none for a finding-level ID). */
export function proactiveControlsOfNagRule(ruleId: string): string[] {
  const check = /^[A-Za-z0-9.]+-([A-Za-z0-9]+)$/.exec(ruleId)?.[1];
  return Object.entries(PROACTIVE_CONTROL_NAG_CHECKS)
    .filter(([, nag]) => nag === check)
    .map(([rule]) => proactiveControlId(rule));
}
