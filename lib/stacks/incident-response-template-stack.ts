import { Aws, CfnCondition, DefaultStackSynthesizer, Fn, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { ContainmentAutomation, type ContainmentAutomationProps } from '../constructs/incident-response/containment-automation';

/** What every instance needs: names only (the same in every account; the region is a token). */
export interface IncidentResponseTemplateProps extends StackProps {
  /** Region where the (global) automation role is created. */
  readonly homeRegion: string;
  readonly automation: Omit<ContainmentAutomationProps, 'homeRegionCondition'>;
}

/**
 * The incident-response StackSet template (issue 15): the containment handler, runbooks and roles in every
 * member account and governed region. A second StackSet beside the account baseline, whose template body is
 * near CloudFormation's 51,200-byte limit; it holds no account ID but the security-log account's.
 */
export class IncidentResponseTemplateStack extends Stack {
  public readonly automation: ContainmentAutomation;

  constructor(scope: Construct, id: string, props: IncidentResponseTemplateProps) {
    super(scope, id, {
      ...props,
      // A StackSet template, not a bootstrapped deployment: no bootstrap-version rule, no CDK metadata.
      synthesizer: new DefaultStackSynthesizer({ generateBootstrapVersionRule: false }),
      analyticsReporting: false,
    });
    const isHome = new CfnCondition(this, 'IsHomeRegion', { expression: Fn.conditionEquals(Aws.REGION, props.homeRegion) });
    this.automation = new ContainmentAutomation(this, 'Containment', { ...props.automation, homeRegionCondition: isHome });
  }
}
