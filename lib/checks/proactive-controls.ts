/**
 * AWS Control Tower proactive controls at synth: the CloudFormation Guard rules AWS Control Tower runs as
 * CloudFormation hooks, bundled by `@cdklabs/cdk-validator-cfnguard` and run by CDK's policy-validation
 * mechanism over every synthesized template.
 *
 * The plugin runs the `cfn-guard` binary over all templates at once, which costs far more than the cdk-nag
 * packs (see the report of issue 13), so it is on where that cost is paid once: `npm run synth` (and so the
 * pipeline's synth), via the context flag {@link PROACTIVE_CONTROLS_CONTEXT}; the tests of the default
 * landing zone add it themselves, through a report cache (test/cached-validation.ts). Findings are acknowledged per resource with CDK's own mechanism
 * (`Validations.of(c).acknowledge({ id: 'cdk-validator-cfnguard::<rule>' })`), never by disabling a rule.
 *
 * @see https://docs.aws.amazon.com/controltower/latest/userguide/proactive-controls.html
 */
import type { IPolicyValidationPlugin } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** Context flag (`-c proactiveControls=true`) that turns the Control Tower proactive controls on. */
export const PROACTIVE_CONTROLS_CONTEXT = 'proactiveControls';

// The table and IDs live with the constructs, which carry their acknowledgments to a product team's app too.
export { PROACTIVE_CONTROL_NAG_CHECKS, PROACTIVE_CONTROLS_PLUGIN, proactiveControlId, proactiveControlsOfNagRule } from '../../constructs/core/proactive-controls';

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
