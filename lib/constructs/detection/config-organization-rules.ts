import { Aws, Validations } from 'aws-cdk-lib';
import { CfnConfigurationAggregator, CfnOrganizationConformancePack } from 'aws-cdk-lib/aws-config';
import { ManagedPolicy, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/** An AWS managed Config rule in the conformance pack. */
export interface ManagedConfigRule {
  /** Rule name inside the pack. */
  readonly name: string;
  /** AWS managed rule identifier (SourceIdentifier). */
  readonly identifier: string;
  /** What it checks and which control it evidences. */
  readonly control: string;
  /** Evaluates account-wide (global) state: deployed only where global resource types are recorded. */
  readonly global?: boolean;
  readonly parameters?: Record<string, string>;
}

/**
 * The rules every account and governed region is evaluated against.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/managed-rules-by-aws-config.html
 */
export const CONFORMANCE_PACK_RULES: readonly ManagedConfigRule[] = [
  { name: 'restricted-ssh', identifier: 'INCOMING_SSH_DISABLED', control: 'CIS 5.3, Security Hub EC2.13' },
  {
    name: 'restricted-common-ports',
    identifier: 'RESTRICTED_INCOMING_TRAFFIC',
    control: 'CIS 5.4 (3389 and other admin ports), Security Hub EC2.18/19',
    parameters: { blockedPort1: '20', blockedPort2: '21', blockedPort3: '3389', blockedPort4: '3306', blockedPort5: '4333' },
  },
  { name: 's3-bucket-public-read-prohibited', identifier: 'S3_BUCKET_PUBLIC_READ_PROHIBITED', control: 'Security Hub S3.2' },
  { name: 's3-bucket-public-write-prohibited', identifier: 'S3_BUCKET_PUBLIC_WRITE_PROHIBITED', control: 'Security Hub S3.3' },
  { name: 's3-bucket-ssl-requests-only', identifier: 'S3_BUCKET_SSL_REQUESTS_ONLY', control: 'CIS 2.1.1, Security Hub S3.5' },
  { name: 'encrypted-volumes', identifier: 'ENCRYPTED_VOLUMES', control: 'CIS 5.1.1 (attached volumes), Security Hub EC2.3' },
  { name: 'ec2-ebs-encryption-by-default', identifier: 'EC2_EBS_ENCRYPTION_BY_DEFAULT', control: 'CIS 5.1.1, Security Hub EC2.7' },
  { name: 'root-account-mfa-enabled', identifier: 'ROOT_ACCOUNT_MFA_ENABLED', control: 'CIS 1.5, Security Hub IAM.9', global: true },
  { name: 'iam-user-no-policies-check', identifier: 'IAM_USER_NO_POLICIES_CHECK', control: 'CIS 1.15, Security Hub IAM.2', global: true },
  { name: 'cloudtrail-enabled', identifier: 'CLOUD_TRAIL_ENABLED', control: 'CIS 3.1, Security Hub CloudTrail.1' },
  { name: 'ec2-imdsv2-check', identifier: 'EC2_IMDSV2_CHECK', control: 'CIS 5.7, Security Hub EC2.8' },
  { name: 'vpc-default-security-group-closed', identifier: 'VPC_DEFAULT_SECURITY_GROUP_CLOSED', control: 'CIS 5.5, Security Hub EC2.2' },
  { name: 'vpc-flow-logs-enabled', identifier: 'VPC_FLOW_LOGS_ENABLED', control: 'CIS 3.7, Security Hub EC2.6' },
  { name: 'rds-instance-public-access-check', identifier: 'RDS_INSTANCE_PUBLIC_ACCESS_CHECK', control: 'CIS 2.2.3, Security Hub RDS.2' },
  { name: 'rds-storage-encrypted', identifier: 'RDS_STORAGE_ENCRYPTED', control: 'CIS 2.2.1, Security Hub RDS.3' },
];

/** The conformance-pack template (a CloudFormation template of `AWS::Config::ConfigRule`s). */
export function conformancePackTemplate(rules: readonly ManagedConfigRule[]): string {
  const resources = Object.fromEntries(
    rules.map((r) => [
      r.name.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(''),
      {
        Type: 'AWS::Config::ConfigRule',
        Properties: {
          ConfigRuleName: r.name,
          Description: r.control,
          Source: { Owner: 'AWS', SourceIdentifier: r.identifier },
          ...(r.parameters ? { InputParameters: r.parameters } : {}),
        },
      },
    ]),
  );
  return JSON.stringify({ Resources: resources });
}

/** Props for {@link ConfigOrganizationRules}. */
export interface ConfigOrganizationRulesProps {
  /** Organization conformance pack name (the same in every region). */
  readonly conformancePackName: string;
  /** This is the region where global resource types (IAM) are recorded: deploy the account-wide rules here. */
  readonly includeGlobalRules: boolean;
  /**
   * Create the organization aggregator here (home region), over these regions.
   * @default - no aggregator
   */
  readonly aggregator?: { readonly name: string; readonly roleName: string; readonly regions: readonly string[] };
  /** Rules of the pack. @default CONFORMANCE_PACK_RULES */
  readonly rules?: readonly ManagedConfigRule[];
}

/**
 * AWS Config from the delegated administrator: an organization conformance pack (deployed by AWS Config
 * to every member account in this region, including accounts that join later) and, in the home region,
 * the organization aggregator. The recorders themselves come from the account-baseline StackSet.
 *
 * Default settings: the rules in {@link CONFORMANCE_PACK_RULES}; aggregator over the governed regions only.
 * @see CIS 3.3, Security Hub Config.1
 */
export class ConfigOrganizationRules extends Construct {
  public readonly conformancePack: CfnOrganizationConformancePack;

  constructor(scope: Construct, id: string, props: ConfigOrganizationRulesProps) {
    super(scope, id);
    const rules = (props.rules ?? CONFORMANCE_PACK_RULES).filter((r) => props.includeGlobalRules || !r.global);
    this.conformancePack = new CfnOrganizationConformancePack(this, 'Resource', {
      organizationConformancePackName: props.conformancePackName,
      templateBody: conformancePackTemplate(rules),
    });

    if (props.aggregator) {
      const role = new Role(this, 'AggregatorRole', {
        roleName: props.aggregator.roleName,
        assumedBy: new ServicePrincipal('config.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } } }),
        managedPolicies: [ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSConfigRoleForOrganizations')],
        description: 'Lets AWS Config read the organization account list for the organization aggregator',
      });
      Validations.of(role).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSConfigRoleForOrganizations]',
        reason: 'AWS maintains this read-only Organizations policy for exactly this role; it tracks new Organizations APIs the aggregator needs',
      });
      new CfnConfigurationAggregator(this, 'Aggregator', {
        configurationAggregatorName: props.aggregator.name,
        organizationAggregationSource: { roleArn: role.roleArn, awsRegions: [...props.aggregator.regions], allAwsRegions: false },
      });
    }
  }
}
