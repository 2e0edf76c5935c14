import { Stack, Stage, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { ServiceManagedStackSet } from '../constructs/baseline/service-managed-stack-set';
import type { LandingZoneConfig } from '../config/schema';
import { AccountBaselineTemplateStack, type AccountBaselineTemplateProps } from './account-baseline-template-stack';

/** The slice of config (and derived names) the baseline stack needs. */
export interface BaselineStackProps extends StackProps {
  /** Organization root ID: the StackSet targets it, so every member account, in any OU, now or later. */
  readonly rootId: string;
  readonly homeRegion: string;
  /** Regions of every instance; the home region is deployed first. */
  readonly governedRegions: readonly string[];
  readonly securityContact: LandingZoneConfig['security']['securityContact'];
  /** Management account ID: its break-glass role may assume the member accounts' break-glass role. */
  readonly managementAccountId: string;
  /** Security-log account ID: Resource Explorer's delegated administrator, whose own indexes the detection stacks create. */
  readonly securityLogAccountId: string;
  /** Name of the guardrail-exempt break-glass role (same name in every account). */
  readonly privilegedRoleName: string;
  /** Log archive (security-log account, home region) AWS Config delivers to. */
  readonly logArchive: { readonly bucketName: string; readonly keyArn: string };
  readonly names: {
    readonly accountBaselineStackSetName: string;
    readonly supportRoleName: string;
    readonly configRecorderName: string;
    readonly configDeliveryChannelName: string;
    /** Account-settings handler role name, with the region as a token (`${AWS::Region}` in the template). */
    readonly accountSettingsRoleName: string;
  };
  /** Vault and role of the organization backup policy, in every instance. @default - none (backup policy off) */
  readonly organizationBackup?: AccountBaselineTemplateProps['organizationBackup'];
}

/**
 * Management account, home region: the service-managed StackSet that carries the account baseline to
 * every member account and governed region, including accounts created later (automatic deployment).
 * The template is a CDK stack in its own Stage: synthesized and nag-checked with the app, never deployed
 * on its own. (Service-managed StackSets never deploy to the management account itself.)
 */
export class BaselineStack extends Stack {
  public readonly accountBaselineTemplate: AccountBaselineTemplateStack;
  public readonly accountBaseline: ServiceManagedStackSet;

  constructor(scope: Construct, id: string, props: BaselineStackProps) {
    super(scope, id, props);
    const templates = new Stage(this, 'StackSetTemplates');
    this.accountBaselineTemplate = new AccountBaselineTemplateStack(templates, 'AccountBaseline', {
      description: 'secure-landing-zone: account baseline (StackSet instance in every account and governed region)',
      supportRoleName: props.names.supportRoleName,
      configRecorderName: props.names.configRecorderName,
      configDeliveryChannelName: props.names.configDeliveryChannelName,
      accountSettingsRoleName: props.names.accountSettingsRoleName,
      privilegedRoleName: props.privilegedRoleName,
      organizationBackup: props.organizationBackup,
    });
    const regions = [props.homeRegion, ...props.governedRegions.filter((r) => r !== props.homeRegion)];
    this.accountBaseline = new ServiceManagedStackSet(this, 'AccountBaseline', {
      stackSetName: props.names.accountBaselineStackSetName,
      description: 'secure-landing-zone account baseline: Config recorder, EBS encryption, IMDSv2 default, S3 public access block, password policy, support role, security contact, Resource Explorer index',
      template: this.accountBaselineTemplate,
      organizationalUnitIds: [props.rootId],
      regions,
      parameters: {
        HomeRegion: props.homeRegion,
        LogArchiveBucketName: props.logArchive.bucketName,
        LogArchiveKeyArn: props.logArchive.keyArn,
        SecurityContactName: props.securityContact.name,
        SecurityContactTitle: props.securityContact.title,
        SecurityContactEmail: props.securityContact.email,
        SecurityContactPhone: props.securityContact.phone,
        ManagementAccountId: props.managementAccountId,
        SecurityLogAccountId: props.securityLogAccountId,
      },
    });
  }
}
