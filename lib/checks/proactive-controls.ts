/**
 * AWS Control Tower proactive controls at synth: the CloudFormation Guard rules AWS Control Tower runs as
 * CloudFormation hooks, bundled by `@cdklabs/cdk-validator-cfnguard` and run by CDK's policy-validation
 * mechanism over every synthesized template.
 *
 * The plugin runs the `cfn-guard` binary over all templates at once, which costs far more than the cdk-nag
 * packs (see the report of issue 13), so it is on where that cost is paid once: `npm run synth` (and so the
 * pipeline's synth) and the one test of the default assembly, via the context flag
 * {@link PROACTIVE_CONTROLS_CONTEXT}. Findings are acknowledged per resource with CDK's own mechanism
 * (`Validations.of(c).acknowledge({ id: 'cdk-validator-cfnguard::<rule>' })`), never by disabling a rule.
 *
 * @see https://docs.aws.amazon.com/controltower/latest/userguide/proactive-controls.html
 */
import type { IPolicyValidationPlugin } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** Context flag (`-c proactiveControls=true`) that turns the Control Tower proactive controls on. */
export const PROACTIVE_CONTROLS_CONTEXT = 'proactiveControls';

/** The plugin's name, which CDK uses as the namespace of its rule IDs. */
export const PROACTIVE_CONTROLS_PLUGIN = 'cdk-validator-cfnguard';

/**
 * Proactive controls that test exactly what a cdk-nag check tests, by Guard rule name → cdk-nag rule function.
 * An acknowledgment of the nag check holds for the control too (the same reason is true for both), so a
 * resource is excused once. Only controls read side by side with the nag rule are listed.
 *
 * @see https://docs.aws.amazon.com/controltower/latest/userguide/lambda-rules.html (CT.LAMBDA.PR.3)
 * @see https://docs.aws.amazon.com/controltower/latest/userguide/cloudwatch-rules.html (CT.CLOUDWATCH.PR.3)
 * @see https://docs.aws.amazon.com/controltower/latest/userguide/s3-rules.html (CT.S3.PR.2, CT.S3.PR.10)
 * @see https://docs.aws.amazon.com/controltower/latest/userguide/sqs-rules.html (CT.SQS.PR.1: a queue has a
 * dead-letter queue; AwsSolutions-SQS3 asks the same, and is acknowledged only on queues that are themselves one)
 */
export const PROACTIVE_CONTROL_NAG_CHECKS: Readonly<Record<string, string>> = {
  lambda_inside_vpc_check: 'LambdaInsideVPC',
  cloudwatch_log_group_encrypted_check: 'CloudWatchLogGroupEncrypted',
  s3_bucket_logging_enabled_check: 'S3BucketLoggingEnabled',
  s3_bucket_default_encryption_kms_check: 'S3DefaultEncryptionKMS',
  sqs_dlq_check: 'SQS3',
};

/** The acknowledgment ID of a proactive control. */
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

/** True when `scope`'s context asks for the proactive controls. */
export function proactiveControlsRequested(scope: IConstruct): boolean {
  const value = scope.node.tryGetContext(PROACTIVE_CONTROLS_CONTEXT);
  return value === true || value === 'true';
}

/** The Control Tower proactive controls as a CDK validation plugin (loaded only when asked for). */
export function proactiveControlsPlugin(): IPolicyValidationPlugin {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { CfnGuardValidator } = require('@cdklabs/cdk-validator-cfnguard') as typeof import('@cdklabs/cdk-validator-cfnguard');
  return new CfnGuardValidator({ controlTowerRulesEnabled: true });
}
