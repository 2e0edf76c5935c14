import { Aws } from 'aws-cdk-lib';
import {
  CfnConfigurationPolicy,
  CfnFindingAggregator,
  CfnOrganizationConfiguration,
  CfnPolicyAssociation,
} from 'aws-cdk-lib/aws-securityhub';
import { Construct } from 'constructs';

/** Standards the baseline policy enables, by ARN path (the region is the aggregation region). */
export const SECURITY_HUB_STANDARDS = [
  'standards/aws-foundational-security-best-practices/v/1.0.0',
  // The newest CIS AWS Foundations Benchmark Security Hub supports (v5.0.0).
  'standards/cis-aws-foundations-benchmark/v/5.0.0',
] as const;

/** Props for {@link SecurityHubCentralConfiguration}. */
export interface SecurityHubCentralConfigurationProps {
  /** Name of the configuration policy. */
  readonly policyName: string;
  /** Root (`r-...`) or OU ID the policy is associated with; the root reaches every account. */
  readonly targetId: string;
  /** Regions whose findings are aggregated into this (the home) region; none when the home region is the only one. */
  readonly linkedRegions: readonly string[];
  /**
   * Control IDs to disable organization-wide (e.g. `IAM.6`), each a decision to document.
   * @default - none: every control of the enabled standards runs, including newly released ones
   */
  readonly disabledControls?: readonly string[];
}

/**
 * Security Hub central configuration from the delegated administrator, in the home region: cross-region
 * finding aggregation, organization configuration type CENTRAL, and one configuration policy (Security
 * Hub on, AWS FSBP and CIS v5.0.0) associated with the organization root, so every account and linked
 * region, including future ones, is configured alike.
 *
 * Default settings: no control disabled; member accounts cannot change the policy locally.
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/central-configuration-intro.html
 */
export class SecurityHubCentralConfiguration extends Construct {
  public readonly policy: CfnConfigurationPolicy;

  constructor(scope: Construct, id: string, props: SecurityHubCentralConfigurationProps) {
    super(scope, id);
    // Central configuration requires a finding aggregator in the home region first. With the home region the
    // only governed one there is nothing to link, and SPECIFIED_REGIONS with an empty list is rejected at deploy;
    // NO_REGIONS is the documented mode for an aggregator that links none.
    // @see https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_CreateFindingAggregator.html
    const aggregator = new CfnFindingAggregator(
      this,
      'FindingAggregator',
      props.linkedRegions.length === 0
        ? { regionLinkingMode: 'NO_REGIONS' }
        : { regionLinkingMode: 'SPECIFIED_REGIONS', regions: [...props.linkedRegions] },
    );
    const organization = new CfnOrganizationConfiguration(this, 'OrganizationConfiguration', {
      autoEnable: false,
      autoEnableStandards: 'NONE',
      configurationType: 'CENTRAL',
    });
    organization.addResourceDependency(aggregator);

    this.policy = new CfnConfigurationPolicy(this, 'Resource', {
      name: props.policyName,
      description: 'secure-landing-zone: Security Hub on, AWS Foundational Security Best Practices and CIS AWS Foundations v5.0.0',
      configurationPolicy: {
        securityHub: {
          serviceEnabled: true,
          enabledStandardIdentifiers: SECURITY_HUB_STANDARDS.map((s) => `arn:${Aws.PARTITION}:securityhub:${Aws.REGION}::${s}`),
          securityControlsConfiguration: { disabledSecurityControlIdentifiers: [...(props.disabledControls ?? [])] },
        },
      },
    });
    this.policy.addResourceDependency(organization);

    const association = new CfnPolicyAssociation(this, 'RootAssociation', {
      configurationPolicyId: this.policy.attrId,
      targetId: props.targetId,
      targetType: props.targetId.startsWith('r-') ? 'ROOT' : 'ORGANIZATIONAL_UNIT',
    });
    association.addResourceDependency(this.policy);
  }
}
