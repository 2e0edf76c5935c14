/**
 * The AWS Control Tower proactive controls (cdk-validator-cfnguard) over the landing zone: off unless asked for,
 * the nag acknowledgments of the same check carried over, and the default assembly clean under them.
 * @see https://docs.aws.amazon.com/controltower/latest/userguide/proactive-controls.html
 */
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Key } from 'aws-cdk-lib/aws-kms';
import { limitGrantsToAwsServices } from '../../../constructs/core/kms-grants';
import { buildLandingZone, createApp } from '../../../lib/app';
import { PROACTIVE_CONTROLS_CONTEXT, proactiveControlsOfNagRule, proactiveControlsPlugin, proactiveControlsRequested } from '../../../lib/checks/proactive-controls';
import { applySynthChecks } from '../../../lib/checks/synth-checks';
import { cachedValidation } from '../../cached-validation';
import { defaultConfig, tempOutdir } from '../../helpers';
import { proactiveControlFindings } from '../../constructs/nag';

test('a nag check that a proactive control restates carries its acknowledgment to the control; a finding-level ID does not', () => {
  expect(proactiveControlsOfNagRule('NIST.800.53.R5-LambdaInsideVPC')).toEqual(['cdk-validator-cfnguard::lambda_inside_vpc_check']);
  expect(proactiveControlsOfNagRule('AwsSolutions-S1')).toEqual([]);
  expect(proactiveControlsOfNagRule('NIST.800.53.R5-S3BucketLoggingEnabled')).toEqual(['cdk-validator-cfnguard::s3_bucket_logging_enabled_check']);
  expect(proactiveControlsOfNagRule('AwsSolutions-IAM5[Action::s3:*]')).toEqual([]);
});

test('the controls run only when the context asks for them', () => {
  expect(proactiveControlsRequested(new App())).toBe(false);
  expect(proactiveControlsRequested(new App({ context: { [PROACTIVE_CONTROLS_CONTEXT]: 'true' } }))).toBe(true);
});

/** A stack with one key; `props.context` is the app's. */
function keyStackApp(limit: boolean, context: Record<string, string> = {}): App {
  const app = new App({ outdir: tempOutdir(), context });
  const key = new Key(new Stack(app, 'S', { env: { account: '111111111111', region: 'eu-west-1' } }), 'Key', { enableKeyRotation: true });
  if (limit) limitGrantsToAwsServices(key);
  return app;
}

/** A stack with one key, checked by the proactive controls alone. */
function keyApp(limit: boolean): App {
  const app = keyStackApp(limit);
  Validations.of(app).addPlugins(proactiveControlsPlugin());
  return app;
}

// CT.KMS.PR.3: https://docs.aws.amazon.com/controltower/latest/controlreference/ct-kms-pv-1.html
test('a key policy without the grants deny fails CT.KMS.PR.3; with it the control passes', () => {
  expect(proactiveControlFindings(keyApp(false))).toEqual(['error kms_create_grant_aws_service_check: S/Key/Resource']);
  expect(proactiveControlFindings(keyApp(true))).toEqual([]);
});

// The synth checks add the controls when (and only when) the context asks: a key stack's CT.KMS.PR.3 finding shows them run.
test('the synth checks run the proactive controls when the context asks for them, and only then', () => {
  const asked = keyStackApp(false, { [PROACTIVE_CONTROLS_CONTEXT]: 'true' });
  applySynthChecks(asked);
  expect(proactiveControlFindings(asked)).toEqual(['error kms_create_grant_aws_service_check: S/Key/Resource']);
  const notAsked = keyStackApp(false);
  applySynthChecks(notAsked);
  expect(proactiveControlFindings(notAsked)).toEqual([]);
});

// The same plugin the context adds (the test above), added here through cachedValidation: cfn-guard runs only when
// a template changed since the last run (test/cached-validation.ts); the acknowledgments apply either way.
test('the default landing zone passes the Control Tower proactive controls, with per-resource reasons where no fix exists', () => {
  const app = createApp({ outdir: tempOutdir() });
  buildLandingZone(app, defaultConfig());
  Validations.of(app).addPlugins(cachedValidation(proactiveControlsPlugin(), app.outdir));
  expect(proactiveControlFindings(app)).toEqual([]);
});
