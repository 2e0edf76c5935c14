import { Aws, CfnCondition, CfnParameter, DefaultStackSynthesizer, Duration, Fn, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { CfnConfigurationRecorder, CfnDeliveryChannel } from 'aws-cdk-lib/aws-config';
import { AccountPrincipal, AccountRootPrincipal, CfnRole, ManagedPolicy, Role } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { AccountSettings } from '../constructs/baseline/account-settings';

/** Names the template uses; account-specific values arrive as parameters. */
export interface AccountBaselineTemplateProps extends StackProps {
  readonly supportRoleName: string;
  readonly configRecorderName: string;
  readonly configDeliveryChannelName: string;
  /** Name of the account-settings handler role in each region; the SCPs exempt exactly this name. */
  readonly accountSettingsRoleName: string;
  /** The guardrail-exempt break-glass role created in every member account. */
  readonly privilegedRoleName: string;
}

/** Parameters the StackSet passes to every instance (values set in the baseline stack). */
export const ACCOUNT_BASELINE_PARAMETERS = [
  'HomeRegion',
  'LogArchiveBucketName',
  'LogArchiveKeyArn',
  'SecurityContactName',
  'SecurityContactTitle',
  'SecurityContactEmail',
  'SecurityContactPhone',
  'ManagementAccountId',
] as const;

/**
 * The account baseline: the template a service-managed StackSet deploys to every account and governed
 * region. It holds no account ID or region: everything account-specific is a parameter, and account-wide
 * resources (IAM, S3 account settings, contact, global Config resource types) exist only where
 * `AWS::Region` equals the `HomeRegion` parameter.
 */
export class AccountBaselineTemplateStack extends Stack {
  constructor(scope: Construct, id: string, props: AccountBaselineTemplateProps) {
    super(scope, id, {
      ...props,
      // A StackSet template, not a bootstrapped deployment: no bootstrap-version rule, no CDK metadata.
      synthesizer: new DefaultStackSynthesizer({ generateBootstrapVersionRule: false }),
      analyticsReporting: false,
    });
    const param = (name: (typeof ACCOUNT_BASELINE_PARAMETERS)[number], description: string, extra: Partial<{ allowedPattern: string }> = {}) =>
      new CfnParameter(this, name, { type: 'String', description, ...extra }).valueAsString;

    const homeRegion = param('HomeRegion', 'Region where account-wide settings and global resource types live', {
      allowedPattern: '^[a-z]{2}(-gov)?-[a-z]+-\\d$',
    });
    const bucket = param('LogArchiveBucketName', 'Log archive bucket AWS Config delivers to');
    const keyArn = param('LogArchiveKeyArn', 'KMS key (or alias) ARN of the log archive, used by AWS Config deliveries');
    const isHome = new CfnCondition(this, 'IsHomeRegion', { expression: Fn.conditionEquals(Aws.REGION, homeRegion) });

    const settings = new AccountSettings(this, 'AccountSettings', {
      accountWideCondition: isHome,
      handlerRoleName: props.accountSettingsRoleName,
      securityContact: {
        name: param('SecurityContactName', 'Alternate SECURITY contact name (CIS 1.2)'),
        title: param('SecurityContactTitle', 'Alternate SECURITY contact title'),
        email: param('SecurityContactEmail', 'Alternate SECURITY contact email'),
        phone: param('SecurityContactPhone', 'Alternate SECURITY contact phone, international format'),
      },
    });

    // CIS 3.3 / Security Hub Config.1: record every supported type, global types (IAM) once, in the home region.
    const recorder = new CfnConfigurationRecorder(this, 'ConfigRecorder', {
      name: props.configRecorderName,
      roleArn: `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
      recordingGroup: { allSupported: true, includeGlobalResourceTypes: Fn.conditionIf(isHome.logicalId, true, false) as any },
    });
    recorder.addResourceDependency(settings.settings.ConfigServiceLinkedRole);
    const channel = new CfnDeliveryChannel(this, 'ConfigDeliveryChannel', {
      name: props.configDeliveryChannelName,
      s3BucketName: bucket,
      s3KmsKeyArn: keyArn,
      configSnapshotDeliveryProperties: { deliveryFrequency: 'TwentyFour_Hours' },
    });
    channel.addResourceDependency(settings.settings.ConfigServiceLinkedRole);

    // CIS 1.16 / Security Hub IAM.18: a role for AWS Support cases, created once per account.
    const support = new Role(this, 'SupportRole', {
      roleName: props.supportRoleName,
      assumedBy: new AccountRootPrincipal(),
      managedPolicies: [ManagedPolicy.fromAwsManagedPolicyName('AWSSupportAccess')],
      description: 'Manages AWS Support cases (CIS 1.16); assumable by principals of this account that IAM allows to',
    });
    (support.node.defaultChild as CfnRole).cfnOptions.condition = isHome;
    Validations.of(support).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AWSSupportAccess]',
      reason: 'CIS 1.16 and Security Hub IAM.18 check for exactly the AWS managed AWSSupportAccess policy on a role',
    });

    // Break-glass: the one guardrail-exempt role, in every member account, assumable only by the role of the
    // same name in the management account (the root principal plus a PrincipalArn condition: a trust policy
    // naming a role ARN directly would fail while that role does not exist yet). Its use is an incident.
    const management = param('ManagementAccountId', 'Management account whose break-glass role may assume this one', {
      allowedPattern: '^\\d{12}$',
    });
    const breakGlass = new Role(this, 'BreakGlassRole', {
      roleName: props.privilegedRoleName,
      assumedBy: new AccountPrincipal(management).withConditions({
        ArnEquals: { 'aws:PrincipalArn': `arn:${Aws.PARTITION}:iam::${management}:role/${props.privilegedRoleName}` },
      }),
      maxSessionDuration: Duration.hours(1),
      managedPolicies: [ManagedPolicy.fromAwsManagedPolicyName('AdministratorAccess')],
      description: 'Break-glass: exempt from the organization guardrails; every use is an incident to review',
    });
    (breakGlass.node.defaultChild as CfnRole).cfnOptions.condition = isHome;
    Validations.of(breakGlass).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AdministratorAccess]',
      reason: 'The break-glass role exists to repair anything the guardrails or a failed deploy broke; it is assumable only from the management account break-glass role, for one hour',
    });
  }
}
