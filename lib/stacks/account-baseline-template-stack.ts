import { Aws, CfnCondition, CfnParameter, DefaultStackSynthesizer, Duration, Fn, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { CfnConfigurationRecorder, CfnDeliveryChannel } from 'aws-cdk-lib/aws-config';
import { CfnIndex } from 'aws-cdk-lib/aws-resourceexplorer2';
import { AccountPrincipal, AccountRootPrincipal, CfnRole, ManagedPolicy, PolicyStatement, Role, type IPrincipal } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { sharedLogsKey } from '../../constructs/core/logs-key';
import { AccountSettings } from '../constructs/baseline/account-settings';
import { OrganizationBackupTarget, type OrganizationBackupTargetProps } from '../constructs/baseline/organization-backup-target';

/** Names the template uses; account-specific values arrive as parameters. */
export interface AccountBaselineTemplateProps extends StackProps {
  readonly supportRoleName: string;
  readonly configRecorderName: string;
  readonly configDeliveryChannelName: string;
  /** Name of the account-settings handler role in each region; the SCPs exempt exactly this name. */
  readonly accountSettingsRoleName: string;
  /** The guardrail-exempt break-glass role created in every member account. */
  readonly privilegedRoleName: string;
  /**
   * Values of a baseline deployed as an ordinary stack (the management account, which service-managed
   * StackSets never reach): the same resources, with these literals where the template has parameters.
   * @default - a StackSet template: every value is a CloudFormation parameter
   */
  readonly values?: Readonly<Record<AccountBaselineParameter, string>>;
  /**
   * Principals of this account that may assume its break-glass role: IAM users (only with MFA) and roles.
   * Given for the management account, whose break-glass role the member accounts' roles trust.
   * @default - the break-glass role of the management account (`ManagementAccountId`)
   */
  readonly breakGlassPrincipalArns?: readonly string[];
  /**
   * The vault (every region) and role (home region) the organization backup policy names.
   * @default - none: the backup policy is off
   */
  readonly organizationBackup?: Omit<OrganizationBackupTargetProps, 'roleCondition'>;
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
  'SecurityLogAccountId',
] as const;

export type AccountBaselineParameter = (typeof ACCOUNT_BASELINE_PARAMETERS)[number];

/**
 * The account baseline: the template a service-managed StackSet deploys to every account and governed
 * region. It holds no account ID or region: everything account-specific is a parameter, and account-wide
 * resources (IAM, S3 account settings, contact, global Config resource types) exist only where
 * `AWS::Region` equals the `HomeRegion` parameter. With `values` the same class is an ordinary stack for the
 * management account, one per governed region, so the most powerful account gets every setting too.
 */
export class AccountBaselineTemplateStack extends Stack {
  constructor(scope: Construct, id: string, props: AccountBaselineTemplateProps) {
    super(
      scope,
      id,
      props.values
        ? props
        : {
            ...props,
            // A StackSet template, not a bootstrapped deployment: no bootstrap-version rule, no CDK metadata.
            synthesizer: new DefaultStackSynthesizer({ generateBootstrapVersionRule: false }),
            analyticsReporting: false,
          },
    );
    const values = props.values;
    const param = (name: AccountBaselineParameter, description: string, extra: Partial<{ allowedPattern: string }> = {}) =>
      values ? values[name] : new CfnParameter(this, name, { type: 'String', description, ...extra }).valueAsString;

    const homeRegion = param('HomeRegion', 'Region where account-wide settings and global resource types live', {
      allowedPattern: '^[a-z]{2}(-gov)?-[a-z]+-\\d$',
    });
    const bucket = param('LogArchiveBucketName', 'Log archive bucket AWS Config delivers to');
    const keyArn = param('LogArchiveKeyArn', 'KMS key (or alias) ARN of the log archive, used by AWS Config deliveries');
    const isHome = new CfnCondition(this, 'IsHomeRegion', { expression: Fn.conditionEquals(Aws.REGION, homeRegion) });

    const settings = new AccountSettings(this, 'AccountSettings', {
      accountWideCondition: isHome,
      handlerRoleName: props.accountSettingsRoleName,
      // An ordinary stack (the management account) encrypts the handler's logs with the stack's logs key.
      logKey: values ? sharedLogsKey(this) : undefined,
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

    // Resource Explorer: a local index in every account and region, so the security-log account's organization
    // view searches them (it searches only accounts with indexes). That account's own indexes (its aggregator)
    // belong to its detection stacks: one index per account and region.
    // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-resourceexplorer2-index.html
    const securityLog = param('SecurityLogAccountId', 'Resource Explorer delegated administrator, whose detection stacks own its indexes', { allowedPattern: '^\\d{12}$' });
    const index = new CfnIndex(this, 'ResourceExplorerIndex', { type: 'LOCAL' });
    index.cfnOptions.condition = new CfnCondition(this, 'IsNotSecurityLog', { expression: Fn.conditionNot(Fn.conditionEquals(Aws.ACCOUNT_ID, securityLog)) });

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

    // The organization backup policy names a vault in every region and one role; no policy can create them.
    if (props.organizationBackup) {
      new OrganizationBackupTarget(this, 'OrganizationBackup', { ...props.organizationBackup, roleCondition: isHome });
    }

    // Break-glass: the one guardrail-exempt role. In a member account it is assumable only by the role of the
    // same name in the management account (the root principal plus a PrincipalArn condition: a trust policy
    // naming a role ARN directly would fail while that role does not exist yet); in the management account,
    // by the principals the config names, users only with MFA. Its use is an incident.
    const management = param('ManagementAccountId', 'Management account whose break-glass role may assume this one', {
      allowedPattern: '^\\d{12}$',
    });
    const trust = breakGlassTrust(management, props.privilegedRoleName, props.breakGlassPrincipalArns);
    const breakGlass = new Role(this, 'BreakGlassRole', {
      roleName: props.privilegedRoleName,
      assumedBy: trust.principal,
      maxSessionDuration: Duration.hours(1),
      managedPolicies: [ManagedPolicy.fromAwsManagedPolicyName('AdministratorAccess')],
      description: 'Break-glass: exempt from the organization guardrails; every use is an incident to review',
    });
    for (const statement of trust.more) breakGlass.assumeRolePolicy!.addStatements(statement);
    (breakGlass.node.defaultChild as CfnRole).cfnOptions.condition = isHome;
    Validations.of(breakGlass).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AdministratorAccess]',
      reason: props.breakGlassPrincipalArns
        ? 'The break-glass role exists to repair anything the guardrails or a failed deploy broke; it is assumable only by the emergency principals the config names (users with MFA), for one hour'
        : 'The break-glass role exists to repair anything the guardrails or a failed deploy broke; it is assumable only from the management account break-glass role, for one hour',
    });
  }
}

/**
 * The break-glass role's trust: the account root as principal, narrowed by `aws:PrincipalArn` (IAM requires
 * an existing principal when the ARN is the principal itself). Users additionally need MFA: an AssumeRole
 * call carries `aws:MultiFactorAuthPresent` only when it was made with an MFA code or from an MFA session.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html
 */
function breakGlassTrust(managementAccountId: string, roleName: string, principalArns?: readonly string[]): { principal: IPrincipal; more: PolicyStatement[] } {
  const account = new AccountPrincipal(managementAccountId);
  const arnOf = (kind: string, name: string) => `arn:${Aws.PARTITION}:iam::${managementAccountId}:${kind}/${name}`;
  if (!principalArns) return { principal: account.withConditions({ ArnEquals: { 'aws:PrincipalArn': arnOf('role', roleName) } }), more: [] };
  const users = principalArns.filter((a) => a.split(':')[5]?.startsWith('user/'));
  const roles = principalArns.filter((a) => !users.includes(a));
  const usersWithMfa = { ArnEquals: { 'aws:PrincipalArn': users }, Bool: { 'aws:MultiFactorAuthPresent': 'true' } };
  const rolesOnly = { ArnEquals: { 'aws:PrincipalArn': roles } };
  const [first, second] = [users.length ? usersWithMfa : rolesOnly, users.length && roles.length ? rolesOnly : undefined];
  return {
    principal: account.withConditions(first),
    more: second ? [new PolicyStatement({ actions: ['sts:AssumeRole'], principals: [account], conditions: second })] : [],
  };
}
