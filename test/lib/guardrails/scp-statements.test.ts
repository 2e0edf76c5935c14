/**
 * The guardrails, proven by evaluation: requests made in member accounts, each evaluated with
 * @cloud-copilot/iam-simulate (AGPL-3.0, a devDependency used only by tests) against the SCPs and RCPs
 * read from the synthesized organization template, so the table proves what deploys.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { defaultConfig, defaultStacksOf, templateOf } from '../../helpers';
import { landingZoneTag, logArchiveNames } from '../../../lib/names';
import { allowAll, harness, type Case } from './org-policy-harness';
import { automationCases } from './automation-cases';

const config = defaultConfig();
const template = templateOf('organization').toJSON();

const ORG = config.organization.id;
const PROD = '333333333333';
const DEV = '444444444444';
const SECLOG = '222222222222';
const OUTSIDER = '999999999999';
const archive = logArchiveNames(config);
const appBucket = 'arn:aws:s3:::prod-orders';
const role = (account: string, name: string) => `arn:aws:iam::${account}:role/${name}`;
const developer = role(PROD, 'AWSReservedSSO_Administrator_0123456789abcdef');
const breakGlass = role(PROD, 'LandingZoneBreakGlass');
const cfnExec = role(PROD, `cdk-slz-cfn-exec-role-${PROD}-eu-west-1`);
const stackSetExec = role(PROD, 'stacksets-exec-0123456789abcdef0123456789abcdef');
const accountSettings = role(PROD, 'acme-account-settings-eu-west-1');
const deployRole = role(PROD, `cdk-slz-deploy-role-${PROD}-eu-west-1`);
const guardDutyAdmin = role(SECLOG, 'acme-guardduty-admin-eu-west-1');
const { scps, rcps, denyingSids, decide } = harness(config, template, developer);
// The landing zone's own resources carry its tag (lib/app.ts); the protect guardrails key on it.
const lzTag = landingZoneTag(config);
const lzTagged = { [`aws:ResourceTag/${lzTag.key}`]: lzTag.value };

const trail = `arn:aws:cloudtrail:eu-west-1:${PROD}:trail/acme-organization-trail`;
const detector = `arn:aws:guardduty:eu-west-1:${PROD}:detector/12abc34d567e8fa901bc2d34e56789f0`;
const instance = (region = 'eu-west-1') => `arn:aws:ec2:${region}:${PROD}:instance/*`;
const volume = `arn:aws:ec2:eu-west-1:${PROD}:volume/*`;
const lzKey = `arn:aws:kms:eu-west-1:${PROD}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const archiveBucket = `arn:aws:s3:::${archive.bucketName}`;
const outsider = role(OUTSIDER, 'Attacker');
const imds = (tokens: string, hops: string) => ({ 'ec2:MetadataHttpTokens': tokens, 'ec2:MetadataHttpPutResponseHopLimit': hops });

const attacks: Case[] = [
  { what: 'stop the organization trail', action: 'cloudtrail:StopLogging', resource: trail, expected: 'ExplicitlyDenied' },
  { what: 'delete the organization trail', action: 'cloudtrail:DeleteTrail', resource: trail, expected: 'ExplicitlyDenied' },
  { what: 'change what the organization trail records', action: 'cloudtrail:PutEventSelectors', resource: trail, expected: 'ExplicitlyDenied' },
  { what: 'delete a GuardDuty detector', action: 'guardduty:DeleteDetector', resource: detector, expected: 'ExplicitlyDenied' },
  { what: 'leave the GuardDuty administrator', action: 'guardduty:DisassociateFromAdministratorAccount', resource: '*', expected: 'ExplicitlyDenied' },
  { what: 'leave the organization', action: 'organizations:LeaveOrganization', resource: '*', expected: 'ExplicitlyDenied' },
  { what: 'create an IAM user', action: 'iam:CreateUser', resource: `arn:aws:iam::${PROD}:user/bob`, expected: 'ExplicitlyDenied' },
  { what: 'create an access key', action: 'iam:CreateAccessKey', resource: `arn:aws:iam::${PROD}:user/bob`, expected: 'ExplicitlyDenied' },
  { what: 'give a user a console password', action: 'iam:CreateLoginProfile', resource: `arn:aws:iam::${PROD}:user/bob`, expected: 'ExplicitlyDenied' },
  { what: 'run an instance with optional IMDS tokens', action: 'ec2:RunInstances', resource: instance(), context: imds('optional', '1'), expected: 'ExplicitlyDenied' },
  { what: 'run an instance with an IMDS hop limit of 5', action: 'ec2:RunInstances', resource: instance(), context: imds('required', '5'), expected: 'ExplicitlyDenied' },
  { what: 'turn IMDSv1 back on for an instance', action: 'ec2:ModifyInstanceMetadataOptions', resource: `arn:aws:ec2:eu-west-1:${PROD}:instance/i-0123456789abcdef0`, expected: 'ExplicitlyDenied' },
  { what: 'create an unencrypted volume', action: 'ec2:CreateVolume', resource: volume, context: { 'ec2:Encrypted': 'false' }, expected: 'ExplicitlyDenied' },
  { what: 'launch an instance with an unencrypted volume', action: 'ec2:RunInstances', resource: volume, context: { 'ec2:Encrypted': 'false' }, expected: 'ExplicitlyDenied' },
  { what: 'turn off EBS encryption by default', action: 'ec2:DisableEbsEncryptionByDefault', resource: '*', expected: 'ExplicitlyDenied' },
  { what: 'read S3 from a non-governed region', action: 's3:GetObject', resource: `${appBucket}/a.csv`, region: 'us-east-1', expected: 'ExplicitlyDenied' },
  { what: 'run an instance in a non-governed region', action: 'ec2:RunInstances', resource: instance('ap-southeast-2'), region: 'ap-southeast-2', context: imds('required', '1'), expected: 'ExplicitlyDenied' },
  { what: 'create a function in a non-governed region', action: 'lambda:CreateFunction', resource: `arn:aws:lambda:us-west-2:${PROD}:function:x`, region: 'us-west-2', expected: 'ExplicitlyDenied' },
  { what: 'act as the root user (S3)', action: 's3:GetObject', resource: `${appBucket}/a.csv`, principal: `arn:aws:iam::${PROD}:root`, expected: 'ExplicitlyDenied' },
  { what: 'act as the root user (IAM, global)', action: 'iam:ListRoles', resource: '*', principal: `arn:aws:iam::${PROD}:root`, region: 'us-east-1', expected: 'ExplicitlyDenied' },
  { what: 'weaken the log archive bucket policy', action: 's3:PutBucketPolicy', resource: archiveBucket, principal: role(SECLOG, 'AWSReservedSSO_Administrator_0123456789abcdef'), expected: 'ExplicitlyDenied' },
  { what: 'delete the log archive bucket policy', action: 's3:DeleteBucketPolicy', resource: archiveBucket, principal: role(SECLOG, 'Admin'), expected: 'ExplicitlyDenied' },
  { what: 'shorten the log archive lifecycle', action: 's3:PutLifecycleConfiguration', resource: archiveBucket, principal: role(SECLOG, 'Admin'), expected: 'ExplicitlyDenied' },
  { what: 'delete the access-log bucket', action: 's3:DeleteBucket', resource: `arn:aws:s3:::${archive.accessLogBucketName}`, principal: role(SECLOG, 'Admin'), expected: 'ExplicitlyDenied' },
  { what: 'bypass Object Lock on archived logs', action: 's3:BypassGovernanceRetention', resource: `${archiveBucket}/AWSLogs/x.json.gz`, principal: role(SECLOG, 'Admin'), expected: 'ExplicitlyDenied' },
  { what: 'schedule deletion of a landing-zone key', action: 'kms:ScheduleKeyDeletion', resource: lzKey, context: { 'kms:ResourceAliases': ['alias/acme/log-archive'] }, expected: 'ExplicitlyDenied' },
  { what: 'disable a landing-zone key', action: 'kms:DisableKey', resource: lzKey, context: { 'kms:ResourceAliases': ['alias/acme/log-archive'] }, expected: 'ExplicitlyDenied' },
  { what: 'stop the Config recorder', action: 'config:StopConfigurationRecorder', resource: '*', expected: 'ExplicitlyDenied' },
  { what: 'delete the Config delivery channel', action: 'config:DeleteDeliveryChannel', resource: '*', expected: 'ExplicitlyDenied' },
  { what: 'disable Security Hub', action: 'securityhub:DisableSecurityHub', resource: `arn:aws:securityhub:eu-west-1:${PROD}:hub/default`, expected: 'ExplicitlyDenied' },
  { what: 'delete the landing zone\u2019s Access Analyzer', action: 'access-analyzer:DeleteAnalyzer', resource: `arn:aws:access-analyzer:eu-west-1:${SECLOG}:analyzer/acme-organization`, principal: role(SECLOG, 'Admin'), expected: 'ExplicitlyDenied' },
  { what: 'delete the landing zone\u2019s VPC flow logs', action: 'ec2:DeleteFlowLogs', resource: `arn:aws:ec2:eu-west-1:${PROD}:vpc-flow-log/fl-0123456789abcdef0`, context: lzTagged, expected: 'ExplicitlyDenied' },
  { what: 'create a default VPC', action: 'ec2:CreateDefaultVpc', resource: '*', expected: 'ExplicitlyDenied' },
  { what: 'turn off the account public-access block', action: 's3:PutAccountPublicAccessBlock', resource: '*', expected: 'ExplicitlyDenied' },
  // UpdateAccountPasswordPolicy has no resource type (Resource "*") and IAM is served from us-east-1:
  // https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html
  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAccountPasswordPolicy.html
  { what: 'weaken the account password policy', action: 'iam:UpdateAccountPasswordPolicy', resource: '*', region: 'us-east-1', expected: 'ExplicitlyDenied' },
  { what: 'delete the account password policy', action: 'iam:DeleteAccountPasswordPolicy', resource: '*', region: 'us-east-1', expected: 'ExplicitlyDenied' },
  { what: 'take over the break-glass role\u2019s trust policy', action: 'iam:UpdateAssumeRolePolicy', resource: breakGlass, expected: 'ExplicitlyDenied' },
  { what: 'pass the landing zone\u2019s execution role to a stack of one\u2019s own', action: 'iam:PassRole', resource: cfnExec, expected: 'ExplicitlyDenied' },
  { what: 'assume the landing zone\u2019s deploy role from inside the account', action: 'sts:AssumeRole', resource: deployRole, expected: 'ExplicitlyDenied' },
  { what: 'pass the account-settings role to a function of one\u2019s own', action: 'iam:PassRole', resource: accountSettings, expected: 'ExplicitlyDenied' },
  { what: 're-point a landing-zone key alias to take the key out of the guardrail', action: 'kms:UpdateAlias', resource: `arn:aws:kms:eu-west-1:${PROD}:alias/acme/session-manager`, expected: 'ExplicitlyDenied' },
  // Edge region (us-east-1, not governed): only CloudFront's pieces and the CDK bootstrap's named resources.
  // CreateBucket is authorized on the bucket ARN: https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html
  { what: 'create an application bucket in us-east-1', action: 's3:CreateBucket', resource: 'arn:aws:s3:::orders-edge', region: 'us-east-1', expected: 'ExplicitlyDenied' },
  { what: 'create a bucket named like the bootstrap bucket but not its scheme', action: 's3:CreateBucket', resource: 'arn:aws:s3:::cdk-hnb659fds-assets-data-us-east-1', region: 'us-east-1', expected: 'ExplicitlyDenied' },
  { what: 'run an instance in us-east-1', action: 'ec2:RunInstances', resource: instance('us-east-1'), region: 'us-east-1', context: imds('required', '1'), expected: 'ExplicitlyDenied' },
  { what: 'create a DynamoDB table in us-east-1', action: 'dynamodb:CreateTable', resource: `arn:aws:dynamodb:us-east-1:${PROD}:table/orders`, region: 'us-east-1', expected: 'ExplicitlyDenied' },
  { what: 'create a database in us-east-1', action: 'rds:CreateDBInstance', resource: `arn:aws:rds:us-east-1:${PROD}:db:orders`, region: 'us-east-1', expected: 'ExplicitlyDenied' },
  { what: 'create a function in us-east-1', action: 'lambda:CreateFunction', resource: `arn:aws:lambda:us-east-1:${PROD}:function:x`, region: 'us-east-1', expected: 'ExplicitlyDenied' },
  { what: 'decrypt data with a key in us-east-1', action: 'kms:Decrypt', resource: `arn:aws:kms:us-east-1:${PROD}:key/1234abcd-12ab-34cd-56ef-1234567890ab`, region: 'us-east-1', expected: 'ExplicitlyDenied' },
  { what: 'store a parameter of one\u2019s own in us-east-1', action: 'ssm:PutParameter', resource: `arn:aws:ssm:us-east-1:${PROD}:parameter/orders/db-password`, region: 'us-east-1', expected: 'ExplicitlyDenied' },
  { what: 'deploy a CloudFormation stack outside governed and edge regions', action: 'cloudformation:CreateStack', resource: `arn:aws:cloudformation:ap-southeast-2:${PROD}:stack/x/*`, region: 'ap-southeast-2', expected: 'ExplicitlyDenied' },
  // The ownership tag: nobody but the exempt roles may remove it or put it on a resource.
  // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteTags.html
  { what: 'peel the landing zone\u2019s tag off its flow log', action: 'ec2:DeleteTags', resource: `arn:aws:ec2:eu-west-1:${PROD}:vpc-flow-log/fl-0123456789abcdef0`, context: { ...lzTagged, 'aws:TagKeys': [lzTag.key] }, expected: 'ExplicitlyDenied' },
  { what: 'forge the landing zone\u2019s tag on a Config rule', action: 'config:TagResource', resource: `arn:aws:config:eu-west-1:${PROD}:config-rule/config-rule-abc123`, context: { 'aws:TagKeys': [lzTag.key], [`aws:RequestTag/${lzTag.key}`]: lzTag.value }, expected: 'ExplicitlyDenied' },
  // https://docs.aws.amazon.com/config/latest/APIReference/API_DeleteConfigRule.html
  { what: 'delete a landing-zone Config rule', action: 'config:DeleteConfigRule', resource: `arn:aws:config:eu-west-1:${PROD}:config-rule/config-rule-abc123`, context: lzTagged, expected: 'ExplicitlyDenied' },
  // Per-OU sets. https://docs.aws.amazon.com/aws-backup/latest/devguide/API_DeleteRecoveryPoint.html
  { what: 'delete a recovery point in Prod', action: 'backup:DeleteRecoveryPoint', resource: `arn:aws:backup:eu-west-1:${PROD}:recovery-point:abc`, expected: 'ExplicitlyDenied' },
  { what: 'delete an RDS snapshot in Prod', action: 'rds:DeleteDBSnapshot', resource: `arn:aws:rds:eu-west-1:${PROD}:snapshot:orders-final`, expected: 'ExplicitlyDenied' },
  { what: 'make an object public-read in Prod', action: 's3:PutObjectAcl', resource: `${appBucket}/a.csv`, context: { 's3:x-amz-acl': 'public-read' }, expected: 'ExplicitlyDenied' },
  { what: 'buy reserved instances in a Sandbox account', action: 'ec2:PurchaseReservedInstancesOffering', resource: '*', principal: role('555555555555', 'Admin'), ou: 'Sandbox', expected: 'ExplicitlyDenied' },
  { what: 'subscribe to a Marketplace product in a Sandbox account', action: 'aws-marketplace:Subscribe', resource: '*', principal: role('555555555555', 'Admin'), ou: 'Sandbox', region: 'us-east-1', expected: 'ExplicitlyDenied' },
  { what: 'run a p5.48xlarge in a Sandbox account', action: 'ec2:RunInstances', resource: 'arn:aws:ec2:eu-west-1:555555555555:instance/*', principal: role('555555555555', 'Admin'), ou: 'Sandbox', context: { ...imds('required', '1'), 'ec2:InstanceType': 'p5.48xlarge' }, expected: 'ExplicitlyDenied' },
  { what: 'the same large instance in Dev (the sandbox set is not there)', action: 'ec2:RunInstances', resource: `arn:aws:ec2:eu-west-1:${DEV}:instance/*`, principal: role(DEV, 'Admin'), context: { ...imds('required', '1'), 'ec2:InstanceType': 'p5.48xlarge' }, expected: 'Allowed' },
  { what: 'the deploy role passing the execution role to CloudFormation', action: 'iam:PassRole', resource: cfnExec, principal: deployRole, expected: 'Allowed' },
  { what: 'the GuardDuty handler updating its detector', action: 'guardduty:UpdateDetector', resource: `arn:aws:guardduty:eu-west-1:${SECLOG}:detector/0123456789abcdef`, principal: guardDutyAdmin, expected: 'Allowed' },
  { what: 'a security-log administrator disabling a detector', action: 'guardduty:UpdateDetector', resource: `arn:aws:guardduty:eu-west-1:${SECLOG}:detector/0123456789abcdef`, principal: role(SECLOG, 'AWSReservedSSO_Administrator_0123456789abcdef'), expected: 'ExplicitlyDenied' },
  { what: 'a team alias outside the landing-zone prefix can be changed', action: 'kms:UpdateAlias', resource: `arn:aws:kms:eu-west-1:${PROD}:alias/orders`, expected: 'Allowed' },
  { what: 'mint an exempt role by name', action: 'iam:CreateRole', resource: role(PROD, 'cdk-slz-cfn-exec-role-evil'), region: 'us-east-1', expected: 'ExplicitlyDenied' },
  { what: 'the account-settings role deleting flow logs (its exemption is narrow)', action: 'ec2:DeleteFlowLogs', resource: `arn:aws:ec2:eu-west-1:${PROD}:vpc-flow-log/fl-0123456789abcdef0`, principal: accountSettings, context: lzTagged, expected: 'ExplicitlyDenied' },
  {
    // eu-west-1 delivers load balancer logs from an AWS-owned account, not a service principal.
    what: 'the Elastic Load Balancing log-delivery account writing the ELB log bucket',
    action: 's3:PutObject',
    resource: `arn:aws:s3:::${archive.sseS3BucketName}/AWSLogs/${PROD}/elasticloadbalancing/x.log.gz`,
    principal: 'arn:aws:iam::156460612806:root',
    outsider: true,
    resourcePolicy: allowAll({ AWS: 'arn:aws:iam::156460612806:root' }, 's3:PutObject', `arn:aws:s3:::${archive.sseS3BucketName}/*`),
    expected: 'Allowed',
  },
  {
    what: 'another organization\u2019s principal reading org S3 data',
    action: 's3:GetObject',
    resource: `${appBucket}/a.csv`,
    principal: outsider,
    outsider: true,
    context: { 'aws:PrincipalOrgID': 'o-otherorg123' },
    resourcePolicy: allowAll({ AWS: outsider }, 's3:GetObject', `${appBucket}/*`),
    expected: 'ExplicitlyDenied',
  },
  {
    what: 'another organization\u2019s principal decrypting with an org key',
    action: 'kms:Decrypt',
    resource: lzKey,
    principal: outsider,
    outsider: true,
    resourcePolicy: allowAll({ AWS: outsider }, 'kms:Decrypt', '*'),
    expected: 'ExplicitlyDenied',
  },
  {
    what: 'another organization\u2019s principal assuming an org role',
    action: 'sts:AssumeRole',
    resource: role(PROD, 'VendorAccess'),
    principal: outsider,
    outsider: true,
    resourcePolicy: allowAll({ AWS: outsider }, 'sts:AssumeRole', '*'),
    expected: 'ExplicitlyDenied',
  },
  {
    what: 'another organization\u2019s principal reading an org secret',
    action: 'secretsmanager:GetSecretValue',
    resource: `arn:aws:secretsmanager:eu-west-1:${PROD}:secret:db-AbCdEf`,
    principal: outsider,
    outsider: true,
    resourcePolicy: allowAll({ AWS: outsider }, 'secretsmanager:GetSecretValue', '*'),
    expected: 'ExplicitlyDenied',
  },
  {
    what: 'another organization\u2019s principal sending to an org queue',
    action: 'sqs:SendMessage',
    resource: `arn:aws:sqs:eu-west-1:${PROD}:orders`,
    principal: outsider,
    outsider: true,
    resourcePolicy: allowAll({ AWS: outsider }, 'sqs:SendMessage', '*'),
    expected: 'ExplicitlyDenied',
  },
  {
    what: 'an anonymous reader of a bucket made public by mistake',
    action: 's3:GetObject',
    resource: `${appBucket}/a.csv`,
    principal: { type: 'Anonymous' },
    resourcePolicy: allowAll('*', 's3:GetObject', `${appBucket}/*`),
    expected: 'ExplicitlyDenied',
  },
  {
    what: 'an AWS service acting for another organization (confused deputy)',
    action: 's3:PutObject',
    resource: `${appBucket}/AWSLogs/x`,
    principal: 'cloudtrail.amazonaws.com',
    context: { 'aws:SourceOrgID': 'o-otherorg123', 'aws:SourceAccount': OUTSIDER },
    resourcePolicy: allowAll({ Service: 'cloudtrail.amazonaws.com' }, 's3:PutObject', `${appBucket}/*`),
    expected: 'ExplicitlyDenied',
  },
];

// Switching log delivery off (issue 14): each request as the API reference defines its resource.
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonroute53resolver.html
const queryLogConfig = `arn:aws:route53resolver:eu-west-1:${PROD}:resolver-query-log-config/rqlc-0123456789abcdef`;
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssystemsmanager.html (document resource)
const sessionPreferences = `arn:aws:ssm:eu-west-1:${PROD}:document/SSM-SessionManagerRunShell`;
attacks.push(
  // https://docs.aws.amazon.com/Route53/latest/APIReference/API_route53resolver_DeleteResolverQueryLogConfig.html
  { what: 'delete the Resolver query-logging configuration', action: 'route53resolver:DeleteResolverQueryLogConfig', resource: queryLogConfig, expected: 'ExplicitlyDenied' },
  // https://docs.aws.amazon.com/Route53/latest/APIReference/API_route53resolver_DisassociateResolverQueryLogConfig.html
  { what: 'disassociate a VPC from Resolver query logging', action: 'route53resolver:DisassociateResolverQueryLogConfig', resource: queryLogConfig, expected: 'ExplicitlyDenied' },
  // https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_UpdateDocument.html
  { what: 'rewrite the Session Manager preferences to stop session logging', action: 'ssm:UpdateDocument', resource: sessionPreferences, expected: 'ExplicitlyDenied' },
  // https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_UpdateDocumentDefaultVersion.html
  { what: 'roll the Session Manager preferences back to an unlogged version', action: 'ssm:UpdateDocumentDefaultVersion', resource: sessionPreferences, expected: 'ExplicitlyDenied' },
  { what: 'delete the Session Manager preferences', action: 'ssm:DeleteDocument', resource: sessionPreferences, expected: 'ExplicitlyDenied' },
  // https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketRequestPayment.html
  { what: 'turn on Requester Pays on the log archive', action: 's3:PutBucketRequestPayment', resource: archiveBucket, principal: role(SECLOG, 'AWSReservedSSO_Administrator_0123456789abcdef'), expected: 'ExplicitlyDenied' },
  { what: 'turn on Requester Pays on a regional ELB log bucket', action: 's3:PutBucketRequestPayment', resource: `arn:aws:s3:::acme-elb-logs-${SECLOG}-eu-central-1`, principal: role(SECLOG, 'Admin'), region: 'eu-central-1', expected: 'ExplicitlyDenied' },
);

const normalWork: Case[] = [
  { what: 'read an app bucket', action: 's3:GetObject', resource: `${appBucket}/a.csv`, expected: 'Allowed' },
  { what: 'write an app bucket in the other governed region', action: 's3:PutObject', resource: `${appBucket}/a.csv`, region: 'eu-central-1', expected: 'Allowed' },
  { what: 'change an app bucket policy', action: 's3:PutBucketPolicy', resource: appBucket, expected: 'Allowed' },
  { what: 'run an instance with IMDSv2 in a governed region', action: 'ec2:RunInstances', resource: instance(), context: imds('required', '2'), expected: 'Allowed' },
  { what: 'launch with an encrypted volume', action: 'ec2:RunInstances', resource: volume, context: { 'ec2:Encrypted': 'true' }, expected: 'Allowed' },
  { what: 'create an encrypted volume', action: 'ec2:CreateVolume', resource: volume, context: { 'ec2:Encrypted': 'true' }, expected: 'Allowed' },
  { what: 'create an application role (IAM is global)', action: 'iam:CreateRole', resource: role(PROD, 'orders-service'), region: 'us-east-1', expected: 'Allowed' },
  { what: 'list roles from us-east-1', action: 'iam:ListRoles', resource: '*', region: 'us-east-1', expected: 'Allowed' },
  { what: 'call STS from any region', action: 'sts:GetCallerIdentity', resource: '*', region: 'ap-southeast-2', expected: 'Allowed' },
  { what: 'change DNS records (Route 53 is global)', action: 'route53:ChangeResourceRecordSets', resource: 'arn:aws:route53:::hostedzone/Z0123456789', region: 'us-east-1', expected: 'Allowed' },
  { what: 'create a CloudFront distribution', action: 'cloudfront:CreateDistribution', resource: '*', region: 'us-east-1', expected: 'Allowed' },
  { what: 'open a support case', action: 'support:CreateCase', resource: '*', region: 'us-east-1', expected: 'Allowed' },
  { what: 'list regions from anywhere', action: 'ec2:DescribeRegions', resource: '*', region: 'us-east-1', expected: 'Allowed' },
  { what: 'read GuardDuty findings', action: 'guardduty:GetFindings', resource: '*', expected: 'Allowed' },
  { what: 'delete an app key', action: 'kms:ScheduleKeyDeletion', resource: lzKey, context: { 'kms:ResourceAliases': ['alias/orders/data'] }, expected: 'Allowed' },
  { what: 'decrypt with an org key', action: 'kms:Decrypt', resource: lzKey, expected: 'Allowed' },
  { what: 'the break-glass role stopping the trail', action: 'cloudtrail:StopLogging', resource: trail, principal: breakGlass, expected: 'Allowed' },
  { what: 'the break-glass role changing the log archive policy', action: 's3:PutBucketPolicy', resource: archiveBucket, principal: role(SECLOG, 'LandingZoneBreakGlass'), expected: 'Allowed' },
  { what: 'the break-glass role acting in a non-governed region', action: 'ec2:DescribeInstances', resource: '*', principal: breakGlass, region: 'us-east-1', expected: 'Allowed' },
  { what: 'the CDK deploy role replacing the Session Manager preferences', action: 'ssm:UpdateDocument', resource: `arn:aws:ssm:eu-west-1:${PROD}:document/SSM-SessionManagerRunShell`, principal: cfnExec, expected: 'Allowed' },
  { what: 'a team turning on Requester Pays on its own bucket', action: 's3:PutBucketRequestPayment', resource: appBucket, expected: 'Allowed' },
  { what: 'a team updating its own SSM document', action: 'ssm:UpdateDocument', resource: `arn:aws:ssm:eu-west-1:${PROD}:document/orders-patching`, expected: 'Allowed' },
  { what: 'the CDK deploy role removing a VPC’s query logging', action: 'route53resolver:DisassociateResolverQueryLogConfig', resource: `arn:aws:route53resolver:eu-west-1:${PROD}:resolver-query-log-config/rqlc-0123456789abcdef`, principal: cfnExec, expected: 'Allowed' },
  { what: 'the CDK deploy role deleting flow logs', action: 'ec2:DeleteFlowLogs', resource: `arn:aws:ec2:eu-west-1:${PROD}:vpc-flow-log/fl-0123456789abcdef0`, principal: cfnExec, expected: 'Allowed' },
  { what: 'the CDK deploy role rotating a landing-zone key policy', action: 'kms:PutKeyPolicy', resource: lzKey, principal: cfnExec, context: { 'kms:ResourceAliases': ['alias/acme/log-archive'] }, expected: 'Allowed' },
  { what: 'the baseline StackSet configuring the Config recorder', action: 'config:PutConfigurationRecorder', resource: '*', principal: stackSetExec, expected: 'Allowed' },
  // The baseline's account-settings handler sets the CIS 1.7/1.8 password policy (same API page as above).
  { what: 'the account-settings role setting the password policy', action: 'iam:UpdateAccountPasswordPolicy', resource: '*', principal: accountSettings, region: 'us-east-1', expected: 'Allowed' },
  { what: 'the account-settings role setting the public-access block', action: 's3:PutAccountPublicAccessBlock', resource: '*', principal: accountSettings, expected: 'Allowed' },
  {
    what: 'a principal of another org account reading a shared bucket',
    action: 's3:GetObject',
    resource: `${appBucket}/a.csv`,
    principal: role(DEV, 'reporting'),
    resourcePolicy: allowAll({ AWS: role(DEV, 'reporting') }, 's3:GetObject', `${appBucket}/*`),
    expected: 'Allowed',
  },
  {
    what: 'CloudTrail writing the organization\u2019s logs to the archive',
    action: 's3:PutObject',
    resource: `${archiveBucket}/AWSLogs/${ORG}/x.json.gz`,
    principal: 'cloudtrail.amazonaws.com',
    context: { 'aws:SourceOrgID': ORG, 'aws:SourceAccount': '111111111111' },
    resourcePolicy: allowAll({ Service: 'cloudtrail.amazonaws.com' }, 's3:PutObject', `${archiveBucket}/*`),
    expected: 'Allowed',
  },
];

// The member-account automation (incident response, backup vault and role, Resource Explorer index).
const automation = automationCases(config);
attacks.push(...automation.attacks);
normalWork.push(...automation.work);

describe('guardrails evaluated against the synthesized SCPs and RCPs', () => {
  test('the organization stack declares the base SCPs on the configured targets, the per-OU sets on their OUs, and the RCP on the root', () => {
    const base = scps.filter((p) => !/-scp-(prod|sandbox|custom-)/.test(p.name));
    expect(base.length).toBeGreaterThanOrEqual(3);
    for (const p of base) expect(p.targets).toEqual(['Root']);
    expect(scps.find((p) => p.name === 'acme-scp-prod')?.targets).toEqual(['Workloads/Prod']);
    expect(scps.find((p) => p.name === 'acme-scp-sandbox')?.targets).toEqual(['Sandbox']);
    expect(rcps).toHaveLength(1);
    expect(rcps[0].targets).toEqual(['Root']);
    expect(attacks.length + normalWork.length).toBeGreaterThanOrEqual(40);
  });

  test.each(attacks.map((c) => [c.what, c] as const))('denies: %s', async (_what, c) => {
    expect(await decide(c)).toBe(c.expected);
  });

  test.each(normalWork.map((c) => [c.what, c] as const))('allows: %s', async (_what, c) => {
    expect(await decide(c)).toBe(c.expected);
  });

  test('every SCP and RCP statement denies at least one evaluated attack', async () => {
    // Evaluates the attacks itself, so it holds when run alone (e.g. with -t).
    for (const c of attacks.filter((a) => a.expected === 'ExplicitlyDenied')) await decide(c);
    const sids = [...scps, ...rcps].flatMap((p) => (p.policy.Statement as Array<{ Sid: string }>).map((st) => st.Sid));
    expect(sids.length).toBeGreaterThanOrEqual(24);
    expect(sids.filter((sid) => !denyingSids.has(sid))).toEqual([]);
  });

  test('without the guardrails the same attacks are allowed (the table tests the policies, not the harness)', async () => {
    const saved = scps.splice(0, scps.length);
    try {
      expect(await decide(attacks[0])).toBe('Allowed');
      expect(await decide(attacks.find((a) => a.action === 'iam:CreateUser')!)).toBe('Allowed');
    } finally {
      scps.push(...saved);
    }
  });
});

test('the landing zone\u2019s flow logs carry the tag the protect guardrails key on', () => {
  const network = defaultStacksOf('networks').find((s) => s.name === 'prod')!.template;
  network.hasResourceProperties('AWS::EC2::FlowLog', { Tags: Match.arrayWith([{ Key: lzTag.key, Value: lzTag.value }]) });
  // Only the types the guardrails key on are tagged; a VPC is not.
  expect(JSON.stringify(network.findResources('AWS::EC2::VPC'))).not.toContain(`"${lzTag.key}"`);
});
