/**
 * The delivery table: every service that writes into the log archive, making the request the way AWS documents
 * it (principal, action, object key, the condition keys it sends), evaluated with @cloud-copilot/iam-simulate
 * against the synthesized bucket policy, the synthesized key policy and the organization's RCP. Each real
 * delivery must be allowed; the same delivery for another organization, into another account's prefix, or by
 * a forged identity must not be. The AWS page each request follows is cited beside it.
 *
 * `aws:SourceOrgID`: no delivering service documents sending it, but IAM documents it as present whenever a
 * service principal acts for a resource of an organization's account (global condition keys page,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceorgid),
 * so every service request below carries it beside `aws:SourceAccount`.
 */
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { Template } from 'aws-cdk-lib/assertions';
import { ARCHIVE_PROTECTED_BUCKET_ACTIONS } from '../../../../lib/constructs/logging/log-archive-bucket';
import { KEY_PROTECTED_ACTIONS } from '../../../../lib/constructs/logging/log-archive-key';
import { logArchiveNames, organizationTrailNames, regionalLogArchiveNames } from '../../../../lib/names';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { bucketPolicyOf, resolveIntrinsics } from '../../../cfn-resolve';
import { buildApp, defaultConfig } from '../../../helpers';

const config = defaultConfig();
const names = logArchiveNames(config);
const trail = organizationTrailNames(config);
const ORG = config.organization.id;
const ROOT = config.organization.rootId;
const LOG = names.account;
const MGMT = trail.account;
const PROD = '333333333333';
const DEV = '444444444444';
const OUTSIDER = '999999999999';
const OTHER_ORG = 'o-otherorg123';
const REGION = names.region;

const { lz } = buildApp(config, { checks: false });
const archiveJson = Template.fromStack(lz.logArchive).toJSON();
// The ELB bucket of another governed region (ELB delivers only within its region).
const OTHER_REGION = lz.elbLogArchives[0].region;
const regionalNames = regionalLogArchiveNames(config, OTHER_REGION);
const regionalJson = Template.fromStack(lz.elbLogArchives[0]).toJSON();
const orgJson = Template.fromStack(lz.organization).toJSON();
const rcps = Object.values<any>(orgJson.Resources)
  .filter((r) => r.Type === 'AWS::Organizations::Policy' && r.Properties.Type === 'RESOURCE_CONTROL_POLICY')
  .map((r) => ({ name: r.Properties.Name as string, policy: r.Properties.Content }));
const keyPolicy = resolveIntrinsics(
  Object.values<any>(archiveJson.Resources).find((r) => r.Type === 'AWS::KMS::Key').Properties.KeyPolicy,
  archiveJson,
);
// The key policy names its own account through AWS::AccountId; the stack's account is known.
const keyPolicyResolved = JSON.parse(JSON.stringify(keyPolicy).replace(/ref-AWS::AccountId/g, LOG));
const policies: Record<string, unknown> = {
  archive: bucketPolicyOf(archiveJson, names.bucketName),
  config: bucketPolicyOf(archiveJson, names.configBucketName),
  elb: bucketPolicyOf(archiveJson, names.sseS3BucketName),
  elbRegional: bucketPolicyOf(regionalJson, regionalNames.elbLogBucketName),
  accessLogs: bucketPolicyOf(archiveJson, names.accessLogBucketName),
  accessLogsRegional: bucketPolicyOf(regionalJson, regionalNames.accessLogBucketName),
  key: keyPolicyResolved,
};
const KEY_ARN = `arn:aws:kms:${REGION}:${LOG}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

type Target = keyof typeof policies;
interface Delivery {
  readonly what: string;
  readonly target: Target;
  /** Service principal (`x.amazonaws.com`) or IAM principal ARN. */
  readonly principal: string;
  readonly action: string;
  /** Object key (bucket targets), or '' for the bucket itself; ignored for the key. */
  readonly key?: string;
  readonly context?: Record<string, string | string[]>;
  /** The principal's own identity policy (IAM principals only). @default allow everything */
  readonly identity?: unknown[];
  /** For IAM principals: its organization. @default this organization */
  readonly principalOrg?: string;
  readonly expected: 'Allowed' | 'Denied';
}

const bucketOf: Record<Exclude<Target, 'key'>, string> = {
  archive: names.bucketName,
  config: names.configBucketName,
  elb: names.sseS3BucketName,
  elbRegional: regionalNames.elbLogBucketName,
  accessLogs: names.accessLogBucketName,
  accessLogsRegional: regionalNames.accessLogBucketName,
};
const accountOf = (arn: string) => /:(\d{12}):/.exec(arn)?.[1];

/**
 * iam-simulate does not read `kms:EncryptionContext:<name>` keys, so the key policy's encryption-context
 * conditions are decided here, by the same glob rules as StringLike, and removed before the simulation.
 */
function withEncryptionContextDecided(policy: any, context: Record<string, string | string[]>): any {
  const glob = (p: string) => new RegExp(`^${p.split('*').map((x) => x.replace(/[.?+^$()[\]{}|\\/]/g, '\\$&')).join('.*')}$`);
  const copy = JSON.parse(JSON.stringify(policy));
  for (const st of copy.Statement) {
    const like = st.Condition?.StringLike ?? {};
    for (const key of Object.keys(like).filter((k) => k.startsWith('kms:EncryptionContext:'))) {
      const sent = context[key];
      const matches = typeof sent === 'string' && [like[key]].flat().some((p: string) => glob(p).test(sent));
      delete like[key];
      // A request whose context does not match cannot satisfy the statement: make it unsatisfiable.
      if (!matches) st.Condition.StringEquals = { ...st.Condition.StringEquals, 'aws:SourceArn': 'arn:aws:never' };
    }
    if (st.Condition?.StringLike && Object.keys(st.Condition.StringLike).length === 0) delete st.Condition.StringLike;
  }
  return copy;
}

async function evaluate(d: Delivery): Promise<string> {
  const isService = d.principal.endsWith('.amazonaws.com');
  const resource = d.target === 'key' ? KEY_ARN : `arn:aws:s3:::${bucketOf[d.target]}${d.key ? `/${d.key}` : ''}`;
  const context: Record<string, string | string[]> = { 'aws:SecureTransport': 'true', 'aws:RequestedRegion': REGION };
  if (isService) {
    context['aws:PrincipalIsAWSService'] = 'true';
    context['aws:PrincipalServiceName'] = d.principal;
  } else {
    const account = accountOf(d.principal)!;
    context['aws:PrincipalArn'] = d.principal;
    context['aws:PrincipalAccount'] = account;
    context['aws:PrincipalIsAWSService'] = 'false';
    if (d.principalOrg !== 'none') context['aws:PrincipalOrgID'] = d.principalOrg ?? ORG;
  }
  Object.assign(context, d.context);
  const result = await runSimulation(
    {
      request: { principal: d.principal, action: d.action, resource: { resource, accountId: LOG }, contextVariables: context },
      identityPolicies: isService ? [] : [{ name: 'identity', policy: { Version: '2012-10-17', Statement: d.identity ?? [{ Effect: 'Allow', Action: '*', Resource: '*' }] } }],
      serviceControlPolicies: [],
      resourceControlPolicies: [{ orgIdentifier: ROOT, policies: rcps }],
      resourcePolicy: d.target === 'key' ? withEncryptionContextDecided(policies.key, context) : policies[d.target],
    } as any,
    {},
  );
  if (result.resultType === 'error') throw new Error(`${d.what}: ${JSON.stringify(result.errors)}`);
  return result.overallResult === 'Allowed' ? 'Allowed' : 'Denied';
}

const acl = { 's3:x-amz-acl': 'bucket-owner-full-control' };
const day = '2026/03/07';
const role = (account: string, name: string) => `arn:aws:iam::${account}:role/${name}`;

// --- CloudTrail organization trail -----------------------------------------------------------------------
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html
// (organization trail: AWSLogs/<org-id>/<account>/..., management events of the management account under
// AWSLogs/<management>/...; aws:SourceArn is the trail ARN, the ACL header bucket-owner-full-control)
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html
const trailCtx = { 'aws:SourceArn': trail.trailArn, 'aws:SourceAccount': MGMT, 'aws:SourceOrgID': ORG };
const otherTrail = `arn:aws:cloudtrail:${REGION}:${OUTSIDER}:trail/theirs`;
const cloudTrail: Delivery[] = [
  { what: 'CloudTrail checks the archive ACL for the organization trail', target: 'archive', principal: 'cloudtrail.amazonaws.com', action: 's3:GetBucketAcl', context: trailCtx, expected: 'Allowed' },
  { what: 'CloudTrail writes a member account\u2019s log file', target: 'archive', principal: 'cloudtrail.amazonaws.com', action: 's3:PutObject', key: `AWSLogs/${ORG}/${PROD}/CloudTrail/${REGION}/${day}/${PROD}_CloudTrail_${REGION}_20260307T0940Z_a1b2.json.gz`, context: { ...trailCtx, ...acl }, expected: 'Allowed' },
  { what: 'CloudTrail writes the management account\u2019s log file', target: 'archive', principal: 'cloudtrail.amazonaws.com', action: 's3:PutObject', key: `AWSLogs/${MGMT}/CloudTrail/${REGION}/${day}/x.json.gz`, context: { ...trailCtx, ...acl }, expected: 'Allowed' },
  { what: 'CloudTrail writes a digest file', target: 'archive', principal: 'cloudtrail.amazonaws.com', action: 's3:PutObject', key: `AWSLogs/${ORG}/${PROD}/CloudTrail-Digest/${REGION}/${day}/x.json.gz`, context: { ...trailCtx, ...acl }, expected: 'Allowed' },
  { what: 'CloudTrail describes the key for the organization trail', target: 'key', principal: 'cloudtrail.amazonaws.com', action: 'kms:DescribeKey', context: trailCtx, expected: 'Allowed' },
  { what: 'CloudTrail encrypts for the organization trail', target: 'key', principal: 'cloudtrail.amazonaws.com', action: 'kms:GenerateDataKey', context: { ...trailCtx, 'kms:EncryptionContext:aws:cloudtrail:arn': trail.trailArn }, expected: 'Allowed' },
  { what: 'CloudTrail encrypts for the organization trail in another governed region', target: 'key', principal: 'cloudtrail.amazonaws.com', action: 'kms:GenerateDataKey', context: { ...trailCtx, 'kms:EncryptionContext:aws:cloudtrail:arn': trail.trailArn.replace(REGION, 'eu-central-1') }, expected: 'Allowed' },
  { what: 'CloudTrail encrypts for the trail with another trail\u2019s encryption context', target: 'key', principal: 'cloudtrail.amazonaws.com', action: 'kms:GenerateDataKey', context: { ...trailCtx, 'kms:EncryptionContext:aws:cloudtrail:arn': otherTrail }, expected: 'Denied' },
  { what: 'another organization\u2019s trail writes into the archive', target: 'archive', principal: 'cloudtrail.amazonaws.com', action: 's3:PutObject', key: `AWSLogs/${ORG}/${PROD}/CloudTrail/x.json.gz`, context: { 'aws:SourceArn': otherTrail, 'aws:SourceAccount': OUTSIDER, 'aws:SourceOrgID': OTHER_ORG, ...acl }, expected: 'Denied' },
  { what: 'a member account\u2019s own trail writes under the organization prefix', target: 'archive', principal: 'cloudtrail.amazonaws.com', action: 's3:PutObject', key: `AWSLogs/${ORG}/${DEV}/CloudTrail/x.json.gz`, context: { 'aws:SourceArn': `arn:aws:cloudtrail:${REGION}:${PROD}:trail/mine`, 'aws:SourceAccount': PROD, 'aws:SourceOrgID': ORG, ...acl }, expected: 'Denied' },
  { what: 'another organization\u2019s trail encrypts with the archive key', target: 'key', principal: 'cloudtrail.amazonaws.com', action: 'kms:GenerateDataKey', context: { 'aws:SourceArn': otherTrail, 'aws:SourceAccount': OUTSIDER, 'aws:SourceOrgID': OTHER_ORG, 'kms:EncryptionContext:aws:cloudtrail:arn': otherTrail }, expected: 'Denied' },
];

// --- AWS Config, from every account ----------------------------------------------------------------------
// https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-policy.html (GetBucketAcl, ListBucket,
// PutObject to AWSLogs/<account>/Config/* with bucket-owner-full-control, aws:SourceAccount; the service-linked
// role when the delivery channel uses it) and https://docs.aws.amazon.com/config/latest/developerguide/s3-kms-key.html
const configCtx = (account: string) => ({ 'aws:SourceAccount': account, 'aws:SourceOrgID': ORG });
const configKey = (account: string, region = 'eu-central-1') => `AWSLogs/${account}/Config/${region}/2026/3/7/ConfigHistory/${account}_Config_${region}_ConfigHistory_AWS::EC2::Instance_20260307T094000Z_20260307T104000Z_1.json.gz`;
const configSlr = (account: string) => role(account, 'aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig');
const config_: Delivery[] = [
  { what: 'Config checks the bucket ACL', target: 'config', principal: 'config.amazonaws.com', action: 's3:GetBucketAcl', context: configCtx(PROD), expected: 'Allowed' },
  { what: 'Config lists the bucket', target: 'config', principal: 'config.amazonaws.com', action: 's3:ListBucket', context: configCtx(PROD), expected: 'Allowed' },
  { what: 'Config delivers a member account\u2019s history in another governed region', target: 'config', principal: 'config.amazonaws.com', action: 's3:PutObject', key: configKey(PROD), context: { ...configCtx(PROD), ...acl }, expected: 'Allowed' },
  { what: 'Config delivers the management account\u2019s snapshot', target: 'config', principal: 'config.amazonaws.com', action: 's3:PutObject', key: configKey(MGMT, REGION), context: { ...configCtx(MGMT), ...acl }, expected: 'Allowed' },
  { what: 'Config encrypts for an account of the organization', target: 'key', principal: 'config.amazonaws.com', action: 'kms:GenerateDataKey', context: configCtx(PROD), expected: 'Allowed' },
  { what: 'Config\u2019s service-linked role delivers its own account\u2019s history', target: 'config', principal: configSlr(PROD), action: 's3:PutObject', key: configKey(PROD), context: acl, expected: 'Allowed' },
  { what: 'Config\u2019s service-linked role checks the bucket ACL', target: 'config', principal: configSlr(PROD), action: 's3:GetBucketAcl', expected: 'Allowed' },
  { what: 'Config\u2019s service-linked role encrypts through S3', target: 'key', principal: configSlr(PROD), action: 'kms:GenerateDataKey', context: { 'kms:ViaService': `s3.${REGION}.amazonaws.com` }, expected: 'Allowed' },
  { what: 'Config delivers for one account into another account\u2019s prefix', target: 'config', principal: 'config.amazonaws.com', action: 's3:PutObject', key: configKey(DEV), context: { ...configCtx(PROD), ...acl }, expected: 'Denied' },
  { what: 'Config\u2019s service-linked role writes into another account\u2019s prefix', target: 'config', principal: configSlr(PROD), action: 's3:PutObject', key: configKey(DEV), context: acl, expected: 'Denied' },
  { what: 'Config of another organization delivers into the bucket', target: 'config', principal: 'config.amazonaws.com', action: 's3:PutObject', key: configKey(OUTSIDER), context: { 'aws:SourceAccount': OUTSIDER, 'aws:SourceOrgID': OTHER_ORG, ...acl }, expected: 'Denied' },
  { what: 'a role merely named like Config\u2019s service-linked role, outside the organization', target: 'config', principal: configSlr(OUTSIDER), principalOrg: OTHER_ORG, action: 's3:PutObject', key: configKey(OUTSIDER), context: acl, expected: 'Denied' },
  { what: 'Config of another organization encrypts with the key', target: 'key', principal: 'config.amazonaws.com', action: 'kms:GenerateDataKey', context: { 'aws:SourceAccount': OUTSIDER, 'aws:SourceOrgID': OTHER_ORG }, expected: 'Denied' },
];

// --- Vended logs (delivery.logs.amazonaws.com): VPC flow logs, Resolver query logs, Network Firewall ------
// https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-s3-permissions.html and
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-infrastructure-S3.html (PutObject with
// bucket-owner-full-control, aws:SourceAccount = the source account, aws:SourceArn arn:aws:logs:<region>:<account>:*;
// GetBucketAcl and ListBucket on the bucket); key policy: https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-s3-cmk-policy.html
const vended = (account: string, org = ORG) => ({ 'aws:SourceAccount': account, 'aws:SourceArn': `arn:aws:logs:${REGION}:${account}:*`, 'aws:SourceOrgID': org });
const flowKey = (account: string) => `AWSLogs/${account}/vpcflowlogs/${REGION}/${day}/${account}_vpcflowlogs_${REGION}_fl-0123456789abcdef0_20260307T0940Z_hash.log.gz`;
// Resolver: https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resolver-query-logs-format.html (AWSLogs/<account>/vpcdnsquerylogs/<vpc-id>/yyyy/mm/dd/)
const resolverKey = (account: string) => `AWSLogs/${account}/vpcdnsquerylogs/vpc-0123456789abcdef0/${day}/vpc-0123456789abcdef0_vpcdnsquerylogs_${account}_20260307T0940Z_a1b2.log.gz`;
// Network Firewall: https://docs.aws.amazon.com/network-firewall/latest/developerguide/logging-s3.html
const firewallKey = (account: string) => `AWSLogs/${account}/network-firewall/alert/${REGION}/egress-1/${day}/09/${account}_network-firewall_alert_${REGION}_egress-1_202603070940_a1b2.log.gz`;
const deliveryLogs: Delivery[] = [
  { what: 'vended-log delivery checks the archive ACL', target: 'archive', principal: 'delivery.logs.amazonaws.com', action: 's3:GetBucketAcl', context: vended(PROD), expected: 'Allowed' },
  { what: 'vended-log delivery lists the archive', target: 'archive', principal: 'delivery.logs.amazonaws.com', action: 's3:ListBucket', context: vended(PROD), expected: 'Allowed' },
  { what: 'VPC flow logs of a member account', target: 'archive', principal: 'delivery.logs.amazonaws.com', action: 's3:PutObject', key: flowKey(PROD), context: { ...vended(PROD), ...acl }, expected: 'Allowed' },
  { what: 'Resolver query logs of a member account', target: 'archive', principal: 'delivery.logs.amazonaws.com', action: 's3:PutObject', key: resolverKey(DEV), context: { ...vended(DEV), ...acl }, expected: 'Allowed' },
  { what: 'Network Firewall alert logs of a member account', target: 'archive', principal: 'delivery.logs.amazonaws.com', action: 's3:PutObject', key: firewallKey(PROD), context: { ...vended(PROD), ...acl }, expected: 'Allowed' },
  { what: 'vended-log delivery encrypts for the organization', target: 'key', principal: 'delivery.logs.amazonaws.com', action: 'kms:GenerateDataKey', context: vended(PROD), expected: 'Allowed' },
  { what: 'flow logs of one account written under another account\u2019s prefix', target: 'archive', principal: 'delivery.logs.amazonaws.com', action: 's3:PutObject', key: flowKey(DEV), context: { ...vended(PROD), ...acl }, expected: 'Denied' },
  { what: 'Resolver query logs of one account written under the management account\u2019s prefix', target: 'archive', principal: 'delivery.logs.amazonaws.com', action: 's3:PutObject', key: resolverKey(MGMT), context: { ...vended(DEV), ...acl }, expected: 'Denied' },
  { what: 'Network Firewall alert logs of one account written under another account\u2019s prefix', target: 'archive', principal: 'delivery.logs.amazonaws.com', action: 's3:PutObject', key: firewallKey(DEV), context: { ...vended(PROD), ...acl }, expected: 'Denied' },
  { what: 'Network Firewall alert logs of another organization', target: 'archive', principal: 'delivery.logs.amazonaws.com', action: 's3:PutObject', key: firewallKey(OUTSIDER), context: { ...vended(OUTSIDER, OTHER_ORG), ...acl }, expected: 'Denied' },
  { what: 'flow logs of another organization', target: 'archive', principal: 'delivery.logs.amazonaws.com', action: 's3:PutObject', key: flowKey(OUTSIDER), context: { ...vended(OUTSIDER, OTHER_ORG), ...acl }, expected: 'Denied' },
  { what: 'vended-log delivery for another organization encrypts with the key', target: 'key', principal: 'delivery.logs.amazonaws.com', action: 'kms:GenerateDataKey', context: vended(OUTSIDER, OTHER_ORG), expected: 'Denied' },
];

// --- Resolver query logging configuration created by the network stacks -----------------------------------
// CreateResolverQueryLogConfig with an S3 destination in another account checks the bucket with the caller's
// credentials (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resolver-query-logs-choosing-target-resource.html,
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-infrastructure-S3.html#AWS-logs-infrastructure-S3-user-permissions);
// the network stacks deploy with the landing zone's CloudFormation execution role.
const cfnExec = (account: string) => role(account, `cdk-${config.organization.cdkBootstrapQualifier}-cfn-exec-role-${account}-${REGION}`);
const creators: Delivery[] = [
  { what: 'the network stack\u2019s execution role checks the archive for a Resolver query-logging configuration', target: 'archive', principal: cfnExec(PROD), action: 's3:ListBucket', expected: 'Allowed' },
  { what: 'a workload administrator lists the archive', target: 'archive', principal: role(PROD, 'AWSReservedSSO_Administrator_0123456789abcdef'), action: 's3:ListBucket', expected: 'Denied' },
  { what: 'an execution role of another organization lists the archive', target: 'archive', principal: cfnExec(OUTSIDER), principalOrg: OTHER_ORG, action: 's3:ListBucket', expected: 'Denied' },
  { what: 'the execution role reads archived logs', target: 'archive', principal: cfnExec(PROD), action: 's3:GetObject', key: flowKey(PROD), expected: 'Denied' },
];

// --- GuardDuty findings export (the delegated administrator's detector, security-log account) ------------
// https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_exportfindings.html (GetBucketLocation, PutObject
// under <prefix>/AWSLogs/<account>/GuardDuty/<region>/, aws:SourceAccount and aws:SourceArn = the detector; key: GenerateDataKey)
const detector = (account: string) => `arn:aws:guardduty:${REGION}:${account}:detector/12abc34d567e8fa901bc2d34e56789f0`;
const gd = (account: string, org = ORG) => ({ 'aws:SourceAccount': account, 'aws:SourceArn': detector(account), 'aws:SourceOrgID': org });
const gdKey = (account: string) => `guardduty/AWSLogs/${account}/GuardDuty/${REGION}/${day}/8e5b1f5e-4c6e-3b4a-9b2a-0d7f2a1b2c3d.jsonl.gz`;
const guardDuty: Delivery[] = [
  { what: 'GuardDuty locates the archive', target: 'archive', principal: 'guardduty.amazonaws.com', action: 's3:GetBucketLocation', context: gd(LOG), expected: 'Allowed' },
  { what: 'GuardDuty exports the organization\u2019s findings', target: 'archive', principal: 'guardduty.amazonaws.com', action: 's3:PutObject', key: gdKey(LOG), context: gd(LOG), expected: 'Allowed' },
  { what: 'GuardDuty encrypts exported findings', target: 'key', principal: 'guardduty.amazonaws.com', action: 'kms:GenerateDataKey', context: gd(LOG), expected: 'Allowed' },
  { what: 'a member account\u2019s detector exports under another account\u2019s prefix', target: 'archive', principal: 'guardduty.amazonaws.com', action: 's3:PutObject', key: gdKey(LOG), context: gd(PROD), expected: 'Denied' },
  { what: 'another organization\u2019s GuardDuty exports into the archive', target: 'archive', principal: 'guardduty.amazonaws.com', action: 's3:PutObject', key: gdKey(OUTSIDER), context: gd(OUTSIDER, OTHER_ORG), expected: 'Denied' },
  { what: 'GuardDuty writes outside its prefix', target: 'archive', principal: 'guardduty.amazonaws.com', action: 's3:PutObject', key: `AWSLogs/${LOG}/GuardDuty/x.jsonl.gz`, context: gd(LOG), expected: 'Denied' },
];

// --- Elastic Load Balancing access logs (home region) -----------------------------------------------------
// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html (regions
// before August 2022: the regional ELB account, arn:aws:iam::156460612806:root in eu-west-1; key
// [prefix/]AWSLogs/<account>/elasticloadbalancing/<region>/yyyy/mm/dd/...); SecureLoadBalancer prefixes elb/<addr>.
const ELB_EU_WEST_1 = 'arn:aws:iam::156460612806:root';
const elbKey = (account: string, prefix = '', region = REGION) => `${prefix}AWSLogs/${account}/elasticloadbalancing/${region}/${day}/${account}_elasticloadbalancing_${region}_app.orders.50dc6c495c0c9188_20260307T0940Z_10.0.0.1_a1b2.log.gz`;
const ELB_OTHER_ACCOUNT = RegionInfo.get(OTHER_REGION).elbv2Account!;
const ELB_OTHER = `arn:aws:iam::${ELB_OTHER_ACCOUNT}:root`;
const elbCtx = { 'aws:PrincipalAccount': '156460612806' };
const elb: Delivery[] = [
  { what: 'ELB writes a member account\u2019s access log without a prefix', target: 'elb', principal: ELB_EU_WEST_1, principalOrg: 'none', action: 's3:PutObject', key: elbKey(PROD), context: elbCtx, expected: 'Allowed' },
  { what: 'ELB writes a SecureLoadBalancer\u2019s access log under its elb/<address>/ prefix', target: 'elb', principal: ELB_EU_WEST_1, principalOrg: 'none', action: 's3:PutObject', key: elbKey(DEV, 'elb/c8a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e/'), context: elbCtx, expected: 'Allowed' },
  { what: 'ELB writes for an account outside the configuration', target: 'elb', principal: ELB_EU_WEST_1, principalOrg: 'none', action: 's3:PutObject', key: elbKey(OUTSIDER), context: elbCtx, expected: 'Denied' },
  { what: 'an outside account poses as a load balancer', target: 'elb', principal: `arn:aws:iam::${OUTSIDER}:root`, principalOrg: OTHER_ORG, action: 's3:PutObject', key: elbKey(PROD), expected: 'Denied' },
  // Another governed region: its own bucket, its own regional ELB account (054676820928 in eu-central-1, same page).
  { what: `ELB of ${OTHER_REGION} writes a SecureLoadBalancer\u2019s access log into that region\u2019s bucket`, target: 'elbRegional', principal: ELB_OTHER, principalOrg: 'none', action: 's3:PutObject', key: elbKey(PROD, 'elb/c8a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e/', OTHER_REGION), context: { 'aws:PrincipalAccount': ELB_OTHER_ACCOUNT }, expected: 'Allowed' },
  { what: `ELB of ${OTHER_REGION} writes a member account\u2019s access log without a prefix`, target: 'elbRegional', principal: ELB_OTHER, principalOrg: 'none', action: 's3:PutObject', key: elbKey(DEV, '', OTHER_REGION), context: { 'aws:PrincipalAccount': ELB_OTHER_ACCOUNT }, expected: 'Allowed' },
  { what: `ELB of ${OTHER_REGION} writes for an account outside the configuration`, target: 'elbRegional', principal: ELB_OTHER, principalOrg: 'none', action: 's3:PutObject', key: elbKey(OUTSIDER, '', OTHER_REGION), context: { 'aws:PrincipalAccount': ELB_OTHER_ACCOUNT }, expected: 'Denied' },
  { what: `the home region\u2019s ELB account writes into the ${OTHER_REGION} bucket`, target: 'elbRegional', principal: ELB_EU_WEST_1, principalOrg: 'none', action: 's3:PutObject', key: elbKey(PROD, '', OTHER_REGION), context: elbCtx, expected: 'Denied' },
  { what: `an outside account poses as the ${OTHER_REGION} load balancers`, target: 'elbRegional', principal: `arn:aws:iam::${OUTSIDER}:root`, principalOrg: OTHER_ORG, action: 's3:PutObject', key: elbKey(PROD, '', OTHER_REGION), expected: 'Denied' },
];

// --- S3 server access logs of the archive buckets ----------------------------------------------------------
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html#grant-log-delivery-permissions-general
// (logging.s3.amazonaws.com, PutObject under the target prefix, aws:SourceArn = source bucket, aws:SourceAccount = its owner)
// Date-based partitioning (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PartitionedPrefix.html):
// <prefix><source account>/<source region>/<source bucket>/yyyy/MM/dd/yyyy-MM-dd-hh-mm-ss-<unique>
const accessKey = (bucket: string, account = LOG, region = REGION) => `${bucket}/${account}/${region}/${bucket}/${day}/2026-03-07-00-00-00-A1B2C3D4E5F6A7B8`;
const s3Logging = (bucket: string, account = LOG, org = ORG) => ({ 'aws:SourceArn': `arn:aws:s3:::${bucket}`, 'aws:SourceAccount': account, 'aws:SourceOrgID': org });
const accessLogs: Delivery[] = [
  { what: 'S3 writes the archive bucket\u2019s server access logs', target: 'accessLogs', principal: 'logging.s3.amazonaws.com', action: 's3:PutObject', key: accessKey(names.bucketName), context: s3Logging(names.bucketName), expected: 'Allowed' },
  { what: 'S3 writes the Config bucket\u2019s server access logs', target: 'accessLogs', principal: 'logging.s3.amazonaws.com', action: 's3:PutObject', key: accessKey(names.configBucketName), context: s3Logging(names.configBucketName), expected: 'Allowed' },
  { what: 'S3 writes the ELB bucket\u2019s server access logs', target: 'accessLogs', principal: 'logging.s3.amazonaws.com', action: 's3:PutObject', key: accessKey(names.sseS3BucketName), context: s3Logging(names.sseS3BucketName), expected: 'Allowed' },
  { what: 'S3 writes the Athena results bucket\u2019s server access logs', target: 'accessLogs', principal: 'logging.s3.amazonaws.com', action: 's3:PutObject', key: accessKey(names.athenaResultsBucketName), context: s3Logging(names.athenaResultsBucketName), expected: 'Allowed' },
  { what: `S3 writes the ${OTHER_REGION} ELB bucket\u2019s server access logs in that region`, target: 'accessLogsRegional', principal: 'logging.s3.amazonaws.com', action: 's3:PutObject', key: accessKey(regionalNames.elbLogBucketName, LOG, OTHER_REGION), context: s3Logging(regionalNames.elbLogBucketName), expected: 'Allowed' },
  { what: `a bucket of another account sends its access logs to the ${OTHER_REGION} access-log bucket`, target: 'accessLogsRegional', principal: 'logging.s3.amazonaws.com', action: 's3:PutObject', key: accessKey(regionalNames.elbLogBucketName, OUTSIDER, OTHER_REGION), context: s3Logging('theirs', OUTSIDER, OTHER_ORG), expected: 'Denied' },
  { what: 'a bucket of another account sends its access logs here', target: 'accessLogs', principal: 'logging.s3.amazonaws.com', action: 's3:PutObject', key: accessKey('theirs', OUTSIDER), context: s3Logging('theirs', OUTSIDER, OTHER_ORG), expected: 'Denied' },
  { what: 'a member account bucket sends its access logs into the archive\u2019s prefix', target: 'accessLogs', principal: 'logging.s3.amazonaws.com', action: 's3:PutObject', key: accessKey(names.bucketName, PROD), context: s3Logging('prod-orders', PROD), expected: 'Denied' },
];

// --- Session Manager session logs (the instance role's credentials) ---------------------------------------
// https://docs.aws.amazon.com/systems-manager/latest/userguide/getting-started-create-iam-instance-profile.html#create-iam-instance-profile-ssn-logging
// (s3:PutObject, s3:PutObjectAcl, s3:GetEncryptionConfiguration, kms:GenerateDataKey); sessions over 5 MiB are
// uploaded in parts, which need kms:Decrypt too:
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpuoverview.html#mpuAndPermissions
const bastionRole = (account: string) => role(account, 'acme-network-prod-BastionRole1234ABCD-0123456789AB');
const bastionIdentity = (() => {
  const net = Template.fromStack(lz.networks.prod).toJSON();
  const policy = Object.values<any>(net.Resources).find(
    (r) => r.Type === 'AWS::IAM::ManagedPolicy' && r.Properties.PolicyDocument.Statement.some((s: any) => s.Sid === 'PutSessionLogs'),
  );
  return resolveIntrinsics(policy.Properties.PolicyDocument.Statement, net).map((s: any) =>
    // The archive key's alias condition is met by the archive key (kms:ResourceAliases, sent below).
    JSON.parse(JSON.stringify(s).replace(/ref-AWS::Partition|\$\{AWS::Partition\}/g, 'aws')),
  );
})();
const viaS3 = { 'kms:ViaService': `s3.${REGION}.amazonaws.com`, 'kms:ResourceAliases': [names.keyAlias] };
const sessionKey = (account: string) => `ssm-session-logs/${account}/bastion-user-0a1b2c3d4e5f67890.log`;
const sessions: Delivery[] = [
  { what: 'the bastion checks the archive\u2019s default encryption', target: 'archive', principal: bastionRole(PROD), identity: bastionIdentity, action: 's3:GetEncryptionConfiguration', expected: 'Allowed' },
  { what: 'the bastion uploads a session log', target: 'archive', principal: bastionRole(PROD), identity: bastionIdentity, action: 's3:PutObject', key: sessionKey(PROD), context: acl, expected: 'Allowed' },
  { what: 'the bastion sets the bucket-owner ACL on its upload', target: 'archive', principal: bastionRole(PROD), identity: bastionIdentity, action: 's3:PutObjectAcl', key: sessionKey(PROD), context: acl, expected: 'Allowed' },
  { what: 'the bastion encrypts a session log through S3', target: 'key', principal: bastionRole(PROD), identity: bastionIdentity, action: 'kms:GenerateDataKey', context: viaS3, expected: 'Allowed' },
  { what: 'the bastion uploads a long session in parts (kms:Decrypt through S3)', target: 'key', principal: bastionRole(PROD), identity: bastionIdentity, action: 'kms:Decrypt', context: viaS3, expected: 'Allowed' },
  { what: 'the bastion calls kms:Decrypt directly, not through S3', target: 'key', principal: bastionRole(PROD), identity: bastionIdentity, action: 'kms:Decrypt', context: { 'kms:ResourceAliases': [names.keyAlias] }, expected: 'Denied' },
  { what: 'the bastion reads an archived session log', target: 'archive', principal: bastionRole(PROD), identity: bastionIdentity, action: 's3:GetObject', key: sessionKey(PROD), expected: 'Denied' },
  { what: 'the bastion writes into another account\u2019s session prefix', target: 'archive', principal: bastionRole(PROD), identity: bastionIdentity, action: 's3:PutObject', key: sessionKey(DEV), context: acl, expected: 'Denied' },
  { what: 'a security-log administrator decrypts the archive through S3', target: 'key', principal: role(LOG, 'AWSReservedSSO_Administrator_0123456789abcdef'), action: 'kms:Decrypt', context: viaS3, expected: 'Denied' },
  { what: 'another organization\u2019s role uploads a session log', target: 'archive', principal: role(OUTSIDER, 'bastion'), principalOrg: OTHER_ORG, action: 's3:PutObject', key: sessionKey(OUTSIDER), context: acl, expected: 'Denied' },
];

// --- The investigator reads every source ------------------------------------------------------------------
const investigatorIdentity = (() => {
  const policy = Object.values<any>(archiveJson.Resources).find(
    (r) => r.Type === 'AWS::IAM::ManagedPolicy' && r.Properties.PolicyDocument.Statement.some((s: any) => s.Sid === 'ReadArchive'),
  );
  // cfn-resolve names the key by a placeholder ARN; the table's requests use KEY_ARN.
  return JSON.parse(JSON.stringify(resolveIntrinsics(policy.Properties.PolicyDocument.Statement, archiveJson)).replace(/arn:aws:kms:[^"]*:key\/[A-Za-z0-9]+/g, KEY_ARN));
})();
const investigator: Delivery[] = [
  { what: 'the investigator reads a flow log', target: 'archive', principal: names.investigatorRoleArn, identity: investigatorIdentity, action: 's3:GetObject', key: flowKey(PROD), expected: 'Allowed' },
  { what: 'the investigator reads exported GuardDuty findings', target: 'archive', principal: names.investigatorRoleArn, identity: investigatorIdentity, action: 's3:GetObject', key: gdKey(LOG), expected: 'Allowed' },
  { what: 'the investigator reads a session log', target: 'archive', principal: names.investigatorRoleArn, identity: investigatorIdentity, action: 's3:GetObject', key: sessionKey(PROD), expected: 'Allowed' },
  // The ALB and S3 access-log tables read SSE-S3 buckets, home and regional, through the investigator's own policy.
  { what: 'the investigator reads a load balancer access log', target: 'elb', principal: names.investigatorRoleArn, identity: investigatorIdentity, action: 's3:GetObject', key: elbKey(PROD, 'elb/c8a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e/'), expected: 'Allowed' },
  { what: `the investigator reads a load balancer access log of ${OTHER_REGION}`, target: 'elbRegional', principal: names.investigatorRoleArn, identity: investigatorIdentity, action: 's3:GetObject', key: elbKey(PROD, '', OTHER_REGION), expected: 'Allowed' },
  { what: 'the investigator reads the archive\u2019s S3 access logs', target: 'accessLogs', principal: names.investigatorRoleArn, identity: investigatorIdentity, action: 's3:GetObject', key: accessKey(names.bucketName), expected: 'Allowed' },
  { what: 'the investigator cannot write into the ELB bucket', target: 'elb', principal: names.investigatorRoleArn, identity: investigatorIdentity, action: 's3:PutObject', key: elbKey(PROD), expected: 'Denied' },
  { what: 'the investigator decrypts the archive', target: 'key', principal: names.investigatorRoleArn, identity: investigatorIdentity, action: 'kms:Decrypt', context: viaS3, expected: 'Allowed' },
];

const table = [...cloudTrail, ...config_, ...deliveryLogs, ...creators, ...guardDuty, ...elb, ...accessLogs, ...sessions, ...investigator];

describe('deliveries into the log archive, evaluated as AWS makes them', () => {
  test('the table covers every delivering service in both directions', () => {
    const services = ['cloudtrail', 'config', 'delivery.logs', 'guardduty', 'logging.s3', '156460612806', ELB_OTHER_ACCOUNT, 'cfn-exec-role', 'BastionRole'];
    for (const s of services) {
      expect(table.some((d) => d.principal.includes(s) && d.expected === 'Allowed')).toBe(true);
      expect(table.some((d) => d.principal.includes(s) && d.expected === 'Denied')).toBe(true);
    }
    expect(table.length).toBeGreaterThanOrEqual(60);
    // Network Firewall, S3 server access logs and every region's ELB bucket, each both ways.
    for (const t of ['Network Firewall', OTHER_REGION]) {
      expect(table.some((d) => d.what.includes(t) && d.expected === 'Allowed')).toBe(true);
      expect(table.some((d) => d.what.includes(t) && d.expected === 'Denied')).toBe(true);
    }
    for (const target of ['accessLogs', 'elbRegional', 'accessLogsRegional'] as const) {
      expect(table.some((d) => d.target === target && d.expected === 'Allowed')).toBe(true);
      expect(table.some((d) => d.target === target && d.expected === 'Denied')).toBe(true);
    }
  });

  test.each(table.map((d) => [d.expected === 'Allowed' ? 'allows' : 'denies', d.what, d] as const))('%s: %s', async (_verb, _what, d) => {
    expect(await evaluate(d)).toBe(d.expected);
  });
});

// Switching delivery off from inside the security-log account: every bucket setting that breaks delivery
// (Requester Pays, Object Lock, ownership, policy, lifecycle, ...) and the key's policy and state, tried by an
// administrator of the account (identity policy allowing everything) and by the exempt break-glass role.
describe('nothing in the archive account can switch delivery off except the exempt roles', () => {
  const admin = role(LOG, 'AWSReservedSSO_Administrator_0123456789abcdef');
  const breakGlass = role(LOG, config.organization.privilegedRoleName);
  const buckets = ['archive', 'config', 'elb', 'accessLogs'] as const;
  const switches: Array<[string, Target, string]> = [
    ...buckets.flatMap((b) => ARCHIVE_PROTECTED_BUCKET_ACTIONS.map((a): [string, Target, string] => [b, b, a])),
    ...KEY_PROTECTED_ACTIONS.map((a): [string, Target, string] => ['key', 'key', a]),
  ];

  test('Requester Pays is among the protected bucket settings', () => {
    expect(ARCHIVE_PROTECTED_BUCKET_ACTIONS).toContain('s3:PutBucketRequestPayment');
    expect(switches.length).toBeGreaterThanOrEqual(4 * 13 + 4);
  });

  test.each(switches)('%s: %s is denied to an administrator and allowed to break-glass', async (_name, target, action) => {
    const request = (principal: string): Delivery => ({ what: action, target, principal, action, expected: 'Denied' });
    expect(await evaluate(request(admin))).toBe('Denied');
    expect(await evaluate(request(breakGlass))).toBe('Allowed');
  });
});
