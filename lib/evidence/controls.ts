/**
 * The control catalogue: every CIS AWS Foundations Benchmark v5.0 recommendation infrastructure code can
 * address and every organization guardrail the landing zone carries (rows of the project's security reference,
 * shared/reference/security-baseline.md), each with how it is detected in the synthesized templates or why it is out of scope.
 * Data, not code: a detector is named; a guardrail row names its control, and what it requires is read from
 * the SCP/RCP statements that say they implement it (`lib/guardrails/scp-statements.ts`), so a statement
 * and its row cannot drift apart.
 */
import type { GuardrailControlId } from '../guardrails/statement';

/** How a control is recognized in the templates. */
export type ControlCheck =
  /** A named detector from `detectors.ts`. */
  | { readonly detector: string }
  /** Every SCP/RCP statement annotated with this control is synthesized and denies what it defines. */
  | { readonly guardrail: GuardrailControlId }
  /** CIS section 4: a metric filter mentioning every term, with an alarm that notifies. */
  | { readonly metricFilter: readonly string[] }
  /** Not decidable from templates; the reason says what covers it instead. */
  | { readonly outOfScope: string };

export interface Control {
  /** `CIS 3.1`, `SCP protect-cloudtrail`... unique. */
  readonly id: string;
  readonly framework: 'CIS v5.0' | 'Guardrail';
  readonly title: string;
  /** Security Hub CSPM control IDs that check the same thing at runtime. */
  readonly securityHub?: string;
  readonly check: ControlCheck;
}

const cis = (id: string, title: string, check: ControlCheck, securityHub?: string): Control => ({
  id: `CIS ${id}`,
  framework: 'CIS v5.0',
  title,
  securityHub,
  check,
});
const guardrail = (id: GuardrailControlId, title: string): Control => ({ id, framework: 'Guardrail', title, check: { guardrail: id } });

export const CIS_CONTROLS: readonly Control[] = [
  cis('1.2', 'Security contact registered on every account', { detector: 'securityContact' }, 'Account.1'),
  cis('1.3/1.6', 'No root access keys; no root user use (SCP deny for the root principal)', { detector: 'rootDenied' }, 'IAM.4'),
  cis('1.7/1.8', 'Password policy: length ≥ 14, reuse prevention 24', { detector: 'passwordPolicy' }, 'IAM.15/16'),
  cis('1.9–1.14/1.20', 'No IAM users or access keys; people federate through IAM Identity Center', { detector: 'noIamUsers' }, 'IAM.2/5'),
  cis('1.15', 'No IAM policy allows "*" on "*"', { detector: 'noAdminStarPolicies' }),
  cis('1.16', 'A support role with AWSSupportAccess exists', { detector: 'supportRole' }, 'IAM.18'),
  cis('1.17', 'Instances use IAM roles (instance profiles)', { detector: 'instanceRoles' }),
  cis('1.19', 'IAM Access Analyzer (organization) in every governed region', { detector: 'organizationAccessAnalyzer' }, 'IAM.28'),
  cis('1.21', 'AWSCloudShellFullAccess is not attached', { detector: 'noCloudShellFullAccess' }, 'IAM.27'),
  cis('2.1.1', 'S3 buckets deny requests without TLS', { detector: 'bucketsDenyInsecureTransport' }, 'S3.5'),
  cis('2.1.4', 'S3 Block Public Access on buckets (and account level)', { detector: 'bucketsBlockPublicAccess' }, 'S3.8/S3.1'),
  cis('2.2.x/2.3.1', 'RDS encrypted, minor upgrades, not public; EFS encrypted', { detector: 'databasesEncrypted' }, 'RDS.3/13/2/5, EFS.1'),
  cis('3.1', 'CloudTrail enabled in all regions (multi-region, logging, global events)', { detector: 'trailAllRegions' }, 'CloudTrail.1'),
  cis('3.2', 'CloudTrail log file validation', { detector: 'trailLogValidation' }, 'CloudTrail.4'),
  cis('3.3', 'AWS Config recorder and delivery channel in every governed region', { detector: 'configEverywhere' }, 'Config.1'),
  cis('3.4', 'Server access logging on the CloudTrail bucket', { detector: 'trailBucketAccessLogging' }, 'CloudTrail.7'),
  cis('3.5', 'CloudTrail logs encrypted with a customer-managed KMS key', { detector: 'trailEncrypted' }, 'CloudTrail.2'),
  cis('3.6', 'Customer-managed symmetric KMS keys rotate', { detector: 'keyRotation' }, 'KMS.4'),
  cis('3.7', 'VPC flow logs in every VPC; default VPCs removed in every governed region (other regions keep theirs, unusable under the region guardrail)', { detector: 'vpcFlowLogs' }, 'EC2.6'),
  cis('3.8/3.9', 'S3 object-level write and read events in CloudTrail', { detector: 'trailS3DataEvents' }, 'S3.22/23'),
  cis('4.1', 'Alarm: unauthorized API calls', { metricFilter: ['UnauthorizedOperation', 'AccessDenied'] }, 'CloudWatch.2'),
  cis('4.2', 'Alarm: console sign-in without MFA', { metricFilter: ['ConsoleLogin', 'MFAUsed'] }, 'CloudWatch.3'),
  cis('4.3', 'Alarm: root account usage', { metricFilter: ['Root', 'invokedBy', 'AwsServiceEvent'] }, 'CloudWatch.1'),
  cis('4.4', 'Alarm: IAM policy changes', {
    metricFilter: ['DeleteGroupPolicy', 'DeleteRolePolicy', 'DeleteUserPolicy', 'PutGroupPolicy', 'PutRolePolicy', 'PutUserPolicy',
      'CreatePolicy', 'DeletePolicy', 'CreatePolicyVersion', 'DeletePolicyVersion', 'AttachRolePolicy', 'DetachRolePolicy',
      'AttachUserPolicy', 'DetachUserPolicy', 'AttachGroupPolicy', 'DetachGroupPolicy'],
  }, 'CloudWatch.4'),
  cis('4.5', 'Alarm: CloudTrail configuration changes', { metricFilter: ['CreateTrail', 'UpdateTrail', 'DeleteTrail', 'StartLogging', 'StopLogging'] }, 'CloudWatch.5'),
  cis('4.6', 'Alarm: console authentication failures', { metricFilter: ['ConsoleLogin', 'Failed authentication'] }, 'CloudWatch.6'),
  cis('4.7', 'Alarm: disabling or scheduled deletion of CMKs', { metricFilter: ['kms.amazonaws.com', 'DisableKey', 'ScheduleKeyDeletion'] }, 'CloudWatch.7'),
  cis('4.8', 'Alarm: S3 bucket policy changes', {
    metricFilter: ['s3.amazonaws.com', 'PutBucketAcl', 'PutBucketPolicy', 'PutBucketCors', 'PutBucketLifecycle', 'PutBucketReplication',
      'DeleteBucketPolicy', 'DeleteBucketCors', 'DeleteBucketLifecycle', 'DeleteBucketReplication'],
  }, 'CloudWatch.8'),
  cis('4.9', 'Alarm: AWS Config configuration changes', {
    metricFilter: ['config.amazonaws.com', 'StopConfigurationRecorder', 'DeleteDeliveryChannel', 'PutDeliveryChannel', 'PutConfigurationRecorder'],
  }, 'CloudWatch.9'),
  cis('4.10', 'Alarm: security group changes', {
    metricFilter: ['AuthorizeSecurityGroupIngress', 'AuthorizeSecurityGroupEgress', 'RevokeSecurityGroupIngress', 'RevokeSecurityGroupEgress',
      'CreateSecurityGroup', 'DeleteSecurityGroup', 'ModifySecurityGroupRules'],
  }, 'CloudWatch.10'),
  cis('4.11', 'Alarm: NACL changes', {
    metricFilter: ['CreateNetworkAcl', 'CreateNetworkAclEntry', 'DeleteNetworkAcl', 'DeleteNetworkAclEntry', 'ReplaceNetworkAclEntry', 'ReplaceNetworkAclAssociation'],
  }, 'CloudWatch.11'),
  cis('4.12', 'Alarm: network gateway changes', {
    metricFilter: ['CreateCustomerGateway', 'DeleteCustomerGateway', 'AttachInternetGateway', 'CreateInternetGateway', 'DeleteInternetGateway', 'DetachInternetGateway'],
  }, 'CloudWatch.12'),
  cis('4.13', 'Alarm: route table changes', {
    metricFilter: ['CreateRoute', 'CreateRouteTable', 'ReplaceRoute', 'ReplaceRouteTableAssociation', 'DeleteRouteTable', 'DeleteRoute', 'DisassociateRouteTable'],
  }, 'CloudWatch.13'),
  cis('4.14', 'Alarm: VPC changes', {
    metricFilter: ['CreateVpc', 'DeleteVpc', 'ModifyVpcAttribute', 'AcceptVpcPeeringConnection', 'CreateVpcPeeringConnection',
      'DeleteVpcPeeringConnection', 'RejectVpcPeeringConnection', 'AttachClassicLinkVpc', 'DetachClassicLinkVpc', 'DisableVpcClassicLink', 'EnableVpcClassicLink'],
  }, 'CloudWatch.14'),
  cis('4.15', 'Alarm: AWS Organizations changes', {
    metricFilter: ['organizations.amazonaws.com', 'AcceptHandshake', 'AttachPolicy', 'CreateAccount', 'CreateOrganizationalUnit', 'CreatePolicy',
      'DeclineHandshake', 'DeleteOrganization', 'DeleteOrganizationalUnit', 'DeletePolicy', 'DetachPolicy', 'DisablePolicyType', 'EnablePolicyType',
      'InviteAccountToOrganization', 'LeaveOrganization', 'MoveAccount', 'RemoveAccountFromOrganization', 'UpdatePolicy', 'UpdateOrganizationalUnit'],
  }),
  cis('4.16', 'AWS Security Hub enabled', { detector: 'securityHub' }),
  cis('5.1.1', 'EBS encryption by default in every region (custom resource, SCP keeps it on)', { detector: 'ebsEncryptionByDefault' }, 'EC2.7'),
  cis('5.1.2', 'No security group admits CIFS (445) from 0.0.0.0/0 or ::/0', { detector: 'noCifsFromInternet' }),
  cis('5.2', 'No NACL admits 22/3389 from 0.0.0.0/0', { detector: 'noNaclAdminPortsFromInternet' }, 'EC2.21'),
  cis('5.3/5.4', 'No security group admits 22/3389 from 0.0.0.0/0 or ::/0', { detector: 'noAdminPortsFromInternet' }, 'EC2.53/54'),
  cis('5.5', 'Default security group of every VPC restricts all traffic; default VPCs removed in every governed region', { detector: 'defaultSecurityGroupRestricted' }, 'EC2.2'),
  cis('5.6', 'VPC peering routes are least access (no default route over peering)', { detector: 'peeringRoutesLeastAccess' }),
  cis('5.7', 'IMDSv2 required on instances (and by SCP or declarative policy)', { detector: 'imdsv2' }, 'EC2.8'),
];

/** One row per guardrail control; the statements naming it say what it takes (`GUARDRAIL_STATEMENTS`). */
export const GUARDRAIL_CONTROLS: readonly Control[] = [
  guardrail('SCP stay-in-organization', 'Accounts cannot leave the organization'),
  guardrail('SCP governed-regions', 'Only governed regions (global services excepted)'),
  // The detector also checks the principal the deny names (the root user of every account).
  { id: 'SCP no-root-user', framework: 'Guardrail', title: 'The root user can do nothing', check: { detector: 'rootDenied' } },
  guardrail('SCP no-iam-users', 'No IAM users, access keys or console passwords; the password policy stays'),
  guardrail('SCP protect-exempt-roles', 'The exempt roles cannot be created, changed, passed or assumed by anyone else'),
  guardrail('SCP protect-cloudtrail', 'The landing-zone trail cannot be stopped or changed'),
  guardrail('SCP protect-config', 'AWS Config cannot be stopped or changed'),
  guardrail('SCP protect-guardduty', 'GuardDuty cannot be disabled or disassociated'),
  guardrail('SCP protect-securityhub', 'Security Hub cannot be disabled or disassociated'),
  guardrail('SCP protect-access-analyzer', 'Access Analyzer cannot be deleted'),
  guardrail('SCP keep-flow-logs-no-default-vpc', 'Flow logs cannot be deleted; no default VPC or subnet'),
  guardrail('SCP keep-ebs-encryption', 'EBS encryption by default cannot be turned off'),
  guardrail('SCP no-unencrypted-volumes', 'No unencrypted EBS volumes'),
  guardrail('SCP keep-account-public-access-block', 'The account-level S3 public access block cannot be changed'),
  guardrail('SCP imdsv2', 'Instances must require IMDSv2'),
  guardrail('SCP protect-keys', 'Landing-zone KMS keys cannot be disabled or scheduled for deletion'),
  guardrail('SCP protect-log-archive', 'The log archive buckets cannot be deleted or reconfigured'),
  guardrail('SCP protect-log-delivery', 'Resolver query logging and the Session Manager preferences that send logs to the archive cannot be removed or rewritten'),
  guardrail('SCP protect-landing-zone-tag', 'Nobody but the landing zone sets or removes its ownership tag, which the protect guardrails key on'),
  guardrail('SCP protect-landing-zone-automation', 'The incident-response roles, containment function and runbooks, the organization backup vault and role, and the Resource Explorer index in member accounts cannot be changed or deleted'),
  guardrail('SCP prod-keep-backups', 'Prod: backup vaults, recovery points and RDS snapshots cannot be deleted'),
  guardrail('SCP prod-no-public-acls', 'Prod: no public-read or authenticated-read ACLs on buckets or objects'),
  guardrail('SCP sandbox-cost-limits', 'Sandbox: no reserved purchases, Savings Plans, Marketplace subscriptions or large instance families'),
  guardrail('RCP data-perimeter', 'Only the organization\u2019s principals, and AWS services acting for it, reach its data'),
];

/** Every control the compliance report lists, CIS first. */
export const CONTROLS: readonly Control[] = [...CIS_CONTROLS, ...GUARDRAIL_CONTROLS];
