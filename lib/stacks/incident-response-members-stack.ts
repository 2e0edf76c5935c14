import { Stack, Stage, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { ServiceManagedStackSet } from '../constructs/baseline/service-managed-stack-set';
import { IncidentResponseTemplateStack, type IncidentResponseTemplateProps } from './incident-response-template-stack';

export interface IncidentResponseMembersStackProps extends StackProps {
  /** Organization root ID: every member account, now or later. */
  readonly rootId: string;
  /** Regions of every instance, home region first. */
  readonly governedRegions: readonly string[];
  readonly stackSetName: string;
  readonly template: Omit<IncidentResponseTemplateProps, 'description'>;
}

/**
 * Management account, home region: the second service-managed StackSet, carrying the containment automation
 * to every member account (the security-log account included) and governed region. Separate from the account
 * baseline so neither template body approaches CloudFormation's 51,200 bytes, and so the two deploy apart.
 */
export class IncidentResponseMembersStack extends Stack {
  public readonly template: IncidentResponseTemplateStack;
  public readonly stackSet: ServiceManagedStackSet;

  constructor(scope: Construct, id: string, props: IncidentResponseMembersStackProps) {
    super(scope, id, props);
    const templates = new Stage(this, 'StackSetTemplates');
    this.template = new IncidentResponseTemplateStack(templates, 'IncidentResponse', {
      ...props.template,
      description: 'secure-landing-zone: incident containment runbooks (StackSet instance in every account and governed region)',
    });
    const home = props.template.homeRegion;
    this.stackSet = new ServiceManagedStackSet(this, 'IncidentResponse', {
      stackSetName: props.stackSetName,
      description: 'secure-landing-zone incident response: containment handler, SSM Automation runbooks, automation role',
      template: this.template,
      organizationalUnitIds: [props.rootId],
      regions: [home, ...props.governedRegions.filter((r) => r !== home)],
    });
  }
}
