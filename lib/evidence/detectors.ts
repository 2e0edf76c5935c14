/**
 * Detectors: pure predicates over the indexed resources of every template, returning the resources that
 * implement a control (evidence) and those that contradict it (violations). The control catalogue
 * (`controls.ts`) names a detector per control; nothing here knows which stack builds what.
 */
import { conditionKeys, conditionValues, denies, iamDocuments, managedPolicyText, organizationPolicyStatements, statementsOf } from './policies';
import type { LocatedGuardrailStatement } from '../guardrails/guardrail-statements';
import { refTarget } from '../template';
import { asList, isTrue, localId, sameScope, type IndexedResource, type ResourceRef } from './resources';
import { NETWORK_DETECTORS } from './detectors-network';
import { inEveryAccount } from './coverage';

export interface DetectorResult {
  /** Resources implementing the control. */
  readonly evidence: ResourceRef[];
  /** Resources contradicting it (e.g. an unencrypted bucket). */
  readonly violations: ResourceRef[];
  /** The control is a prohibition: it holds when nothing violates it, even without evidence. */
  readonly prohibition?: boolean;
  /** False when nothing the control is about exists (no instance, no VPC, no database). */
  readonly applicable?: boolean;
  /** Why evidence was not enough (e.g. a region without it). */
  readonly note?: string;
}

export type Detector = (resources: readonly IndexedResource[]) => DetectorResult;

export const ref = (r: IndexedResource): ResourceRef => ({ stack: r.stack, logicalId: r.logicalId });
const ofType = (rs: readonly IndexedResource[], ...types: string[]) => rs.filter((r) => types.includes(r.type));
const found = (evidence: IndexedResource[], violations: IndexedResource[] = []): DetectorResult => ({
  evidence: evidence.map(ref),
  violations: violations.map(ref),
});
const text = (v: unknown) => JSON.stringify(v ?? null);
const isCustom = (r: IndexedResource) => r.type.startsWith('Custom::') || r.type === 'AWS::CloudFormation::CustomResource';

/** Custom resources (or StackSet resources) whose properties mention every one of `patterns`. */
export function customResourcesMentioning(rs: readonly IndexedResource[], ...patterns: RegExp[]): IndexedResource[] {
  return rs.filter((r) => isCustom(r) && patterns.every((p) => p.test(text(r.properties))));
}

/** SCP statements denying every action in `actions` (all must be covered), optionally tested on a condition key. */
export function scpDenying(rs: readonly IndexedResource[], actions: readonly string[], conditionKey?: string): DetectorResult {
  const statements = organizationPolicyStatements(rs, 'SERVICE_CONTROL_POLICY').filter(
    (s) => !conditionKey || conditionKeys(s.statement).includes(conditionKey.toLowerCase()),
  );
  const covering = actions.map((a) => statements.filter((s) => denies(s.statement, a)));
  if (covering.some((c) => c.length === 0)) return found([]);
  return found(unique(covering.flat().map((s) => s.resource)));
}

/**
 * Evidence that each guardrail statement is in force: for every definition, Deny statements in organization
 * policies of its type that together deny at least what it denies (each action; for a NotAction statement,
 * with no exception the definition lacks) and test the condition keys it tests. The exemption key
 * (`aws:PrincipalARN`) is not required: a statement without the exemption denies more, not less.
 */
export function guardrailInForce(rs: readonly IndexedResource[], definitions: readonly LocatedGuardrailStatement[]): DetectorResult {
  const holding = definitions.map((d) => {
    const keys = conditionKeys(d.statement).filter((k) => k !== 'aws:principalarn');
    const candidates = organizationPolicyStatements(rs, d.policyType).filter(
      (s) => s.statement.Effect === 'Deny' && keys.every((k) => conditionKeys(s.statement).includes(k)),
    );
    if (d.statement.NotAction !== undefined) {
      const exceptions = asList<string>(d.statement.NotAction);
      return candidates.filter((s) => s.statement.Action === undefined && asList<string>(s.statement.NotAction).every((a) => exceptions.includes(a)));
    }
    const perAction = asList<string>(d.statement.Action).map((a) => candidates.filter((s) => denies(s.statement, a)));
    return perAction.some((c) => c.length === 0) ? [] : perAction.flat();
  });
  const absent = definitions.filter((_, i) => holding[i].length === 0).map((d) => d.statement.Sid);
  if (absent.length > 0) return { ...found([]), note: `nothing denies what ${absent.join(', ')} denies` };
  return found(unique(holding.flat().map((s) => s.resource)));
}

function unique(rs: IndexedResource[]): IndexedResource[] {
  return [...new Map(rs.map((r) => [`${r.stack}/${r.logicalId}`, r])).values()];
}

function merge(...results: DetectorResult[]): DetectorResult {
  const key = (x: ResourceRef) => `${x.stack}/${x.logicalId}`;
  const dedupe = (xs: ResourceRef[]) => [...new Map(xs.map((x) => [key(x), x])).values()];
  return { evidence: dedupe(results.flatMap((r) => r.evidence)), violations: dedupe(results.flatMap((r) => r.violations)) };
}

const trails = (rs: readonly IndexedResource[]) => ofType(rs, 'AWS::CloudTrail::Trail');

/**
 * Which S3 object-level events a trail records for every bucket: a data selector on `AWS::S3::Object` with no
 * `resources.ARN` narrowing covers every bucket, for reads and writes unless `readOnly` picks one; a selector
 * narrowed by `resources.ARN` covers only some buckets. Basic `EventSelectors` count with `arn:aws:s3` (every bucket).
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_AdvancedFieldSelector.html
 */
export function s3DataEventCoverage(trail: Record<string, any>): { allWrites: boolean; allReads: boolean; scopedReads: boolean } {
  let allWrites = false;
  let allReads = false;
  let scopedReads = false;
  for (const sel of Array.isArray(trail.AdvancedEventSelectors) ? trail.AdvancedEventSelectors : []) {
    const fields: any[] = Array.isArray(sel?.FieldSelectors) ? sel.FieldSelectors : [];
    const equals = (f: string) => fields.find((x) => x?.Field === f)?.Equals as unknown[] | undefined;
    if (!text(equals('eventCategory')).includes('"Data"') || !text(equals('resources.type')).includes('AWS::S3::Object')) continue;
    const readOnly = equals('readOnly');
    const reads = !readOnly || readOnly.includes('true');
    const writes = !readOnly || readOnly.includes('false');
    if (fields.some((x) => x?.Field === 'resources.ARN')) {
      scopedReads ||= reads;
      continue;
    }
    allWrites ||= writes;
    allReads ||= reads;
  }
  for (const sel of Array.isArray(trail.EventSelectors) ? trail.EventSelectors : []) {
    const everyBucket = (sel?.DataResources ?? []).some((d: any) => d?.Type === 'AWS::S3::Object' && text(d.Values).match(/"arn:aws[\w-]*:s3(:::)?"/));
    if (!everyBucket) continue;
    const type = sel.ReadWriteType ?? 'All';
    allWrites ||= type !== 'ReadOnly';
    allReads ||= type !== 'WriteOnly';
  }
  return { allWrites, allReads, scopedReads };
}

/** Regions a resource exists in: its stack's, or every region its StackSet deploys to ('*' when not literal). */
function regionsOf(r: IndexedResource, rs: readonly IndexedResource[]): string[] {
  if (!r.stackSet) return r.region ? [r.region] : [];
  const set = rs.find((x) => x.stack === r.stack && x.logicalId === r.stackSet);
  const regions = asList<any>(set?.properties.StackInstancesGroup).flatMap((g) => asList<string>(g?.Regions).filter((x) => typeof x === 'string'));
  return regions.length ? regions : ['*'];
}

/**
 * Evidence required in every region the landing zone deploys stacks to (the governed regions): evidence
 * missing from some region is not enough, and the note names the regions.
 */
export function inEveryRegion(evidence: IndexedResource[], rs: readonly IndexedResource[]): DetectorResult {
  if (evidence.length === 0) return found([]);
  const covered = new Set(evidence.flatMap((e) => regionsOf(e, rs)));
  if (covered.has('*')) return found(evidence); // regions given by a token or parameter: cannot be checked here
  const missing = [...new Set(rs.filter((r) => !r.stackSet && r.region).map((r) => r.region!))].filter((r) => !covered.has(r)).sort();
  return missing.length ? { ...found([]), note: `found in ${[...covered].sort().join(', ')} but not in ${missing.join(', ')}` } : found(evidence);
}

/** Resources in `rs` of `targetType` referenced (Ref/GetAtt) from property `prop` of some `holders`. */
function referenced(holders: IndexedResource[], prop: string, target: IndexedResource): boolean {
  return holders.some((h) => sameScope(h, target) && asList(h.properties[prop]).some((v) => refTarget(v) === localId(target)));
}

const IDENTITY_AND_DATA: Record<string, Detector> = {
  rootDenied: (rs) =>
    found(
      organizationPolicyStatements(rs, 'SERVICE_CONTROL_POLICY')
        .filter((s) => s.statement.Effect === 'Deny' && conditionValues(s.statement, 'aws:PrincipalArn').some((v) => /^arn:aws[a-z-]*:iam::\*:root$/.test(v)))
        .map((s) => s.resource),
    ),
  passwordPolicy: (rs) => inEveryAccount(customResourcesMentioning(rs, /PasswordPolicy|MinimumPasswordLength/i), rs, false),
  // The baseline's handler takes `Setting: SecurityContact`; a generic one would name the API's AlternateContact + SECURITY.
  securityContact: (rs) =>
    inEveryAccount(unique([...customResourcesMentioning(rs, /"SecurityContact"/), ...customResourcesMentioning(rs, /AlternateContact/i, /SECURITY/)]), rs, false),
  noIamUsers: (rs) => ({
    ...merge(scpDenying(rs, ['iam:CreateUser', 'iam:CreateAccessKey']), found(ofType(rs, 'AWS::SSO::PermissionSet'))),
    violations: ofType(rs, 'AWS::IAM::User', 'AWS::IAM::AccessKey').map(ref),
  }),
  noAdminStarPolicies: (rs) => ({
    evidence: [],
    violations: rs
      .filter((r) =>
        iamDocuments(r).some((d) =>
          statementsOf(d).some((s) => s.Effect === 'Allow' && asList(s.Action).includes('*') && asList(s.Resource).includes('*')),
        ),
      )
      .map(ref),
    prohibition: true,
  }),
  supportRole: (rs) => inEveryAccount(ofType(rs, 'AWS::IAM::Role').filter((r) => /AWSSupportAccess/.test(managedPolicyText(r))), rs, false),
  noCloudShellFullAccess: (rs) => ({
    evidence: [],
    violations: ofType(rs, 'AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group', 'AWS::SSO::PermissionSet')
      .filter((r) => /AWSCloudShellFullAccess/.test(managedPolicyText(r)))
      .map(ref),
    prohibition: true,
  }),
  organizationAccessAnalyzer: (rs) =>
    inEveryRegion(ofType(rs, 'AWS::AccessAnalyzer::Analyzer').filter((r) => /^ORGANIZATION/.test(String(r.properties.Type))), rs),
  bucketsDenyInsecureTransport: (rs) => perBucket(rs, (policy) => statementsOf(policy.properties.PolicyDocument).some(isTlsDeny)),
  bucketsBlockPublicAccess: (rs) => {
    const buckets = ofType(rs, 'AWS::S3::Bucket');
    const pab = (b: IndexedResource) => {
      const c = b.properties.PublicAccessBlockConfiguration ?? {};
      return ['BlockPublicAcls', 'BlockPublicPolicy', 'IgnorePublicAcls', 'RestrictPublicBuckets'].every((k) => isTrue(c[k]));
    };
    const account = merge(scpDenying(rs, ['s3:PutAccountPublicAccessBlock']), found(customResourcesMentioning(rs, /PublicAccessBlock/)));
    return { ...merge(found(buckets.filter(pab), buckets.filter((b) => !pab(b))), account), applicable: buckets.length > 0 };
  },
  databasesEncrypted: (rs) => {
    const dbs = ofType(rs, 'AWS::RDS::DBInstance', 'AWS::RDS::DBCluster', 'AWS::EFS::FileSystem');
    const ok = (r: IndexedResource) =>
      r.type === 'AWS::EFS::FileSystem'
        ? isTrue(r.properties.Encrypted)
        : isTrue(r.properties.StorageEncrypted) && !isTrue(r.properties.PubliclyAccessible) && r.properties.AutoMinorVersionUpgrade !== false;
    return { ...found(dbs.filter(ok), dbs.filter((r) => !ok(r))), applicable: dbs.length > 0 };
  },
};

function isTlsDeny(s: { Effect?: string; Condition?: Record<string, Record<string, unknown>> }): boolean {
  return s.Effect === 'Deny' && conditionValues(s as any, 'aws:SecureTransport').some((v) => v === 'false');
}

/** Buckets with a bucket policy satisfying `ok` are evidence; the others are violations. */
function perBucket(rs: readonly IndexedResource[], ok: (policy: IndexedResource) => boolean): DetectorResult {
  const buckets = ofType(rs, 'AWS::S3::Bucket');
  const policies = ofType(rs, 'AWS::S3::BucketPolicy').filter(ok);
  const covered = (b: IndexedResource) =>
    referenced(policies, 'Bucket', b) || policies.some((p) => typeof p.properties.Bucket === 'string' && p.properties.Bucket === b.properties.BucketName);
  return { ...found(buckets.filter(covered), buckets.filter((b) => !covered(b))), applicable: buckets.length > 0 };
}

const LOGGING: Record<string, Detector> = {
  trailAllRegions: (rs) =>
    found(
      trails(rs).filter(
        (t) =>
          isTrue(t.properties.IsMultiRegionTrail) &&
          isTrue(t.properties.IsLogging) &&
          t.properties.IncludeGlobalServiceEvents !== false &&
          t.properties.IncludeGlobalServiceEvents !== 'false',
      ),
    ),
  trailLogValidation: (rs) => found(trails(rs).filter((t) => isTrue(t.properties.EnableLogFileValidation))),
  trailEncrypted: (rs) => found(trails(rs).filter((t) => t.properties.KMSKeyId !== undefined)),
  trailS3DataEvents: (rs) => {
    const scopes = trails(rs).map((t) => ({ t, ...s3DataEventCoverage(t.properties) }));
    const both = scopes.filter((x) => x.allWrites && x.allReads).map((x) => x.t);
    if (both.length > 0) return found(both);
    const writes = scopes.some((x) => x.allWrites);
    const scopedReads = scopes.some((x) => x.scopedReads);
    const note = writes
      ? `writes of every bucket are recorded (CIS 3.8), reads ${scopedReads ? "only of the landing zone's own log buckets (logging.s3DataEvents.read: landing-zone, a cost decision: docs/cost.md)" : 'not at all'}, so CIS 3.9 is not met`
      : undefined;
    return { ...found([]), note };
  },
  trailBucketAccessLogging: (rs) => {
    // The trail names its bucket literally (cross-account, from lib/names.ts) or by Ref in the same template.
    const isTrailBucket = (b: IndexedResource) =>
      trails(rs).some(
        (t) =>
          (typeof t.properties.S3BucketName === 'string' && t.properties.S3BucketName === b.properties.BucketName) ||
          (sameScope(t, b) && refTarget(t.properties.S3BucketName) === localId(b)),
      );
    return found(ofType(rs, 'AWS::S3::Bucket').filter((b) => isTrailBucket(b) && b.properties.LoggingConfiguration !== undefined));
  },
  configEverywhere: (rs) => {
    const recorders = ofType(rs, 'AWS::Config::ConfigurationRecorder');
    const channels = ofType(rs, 'AWS::Config::DeliveryChannel');
    const everywhere = [inEveryAccount(recorders, rs, true), inEveryAccount(channels, rs, true)];
    return everywhere.every((r) => r.evidence.length) ? merge(...everywhere) : { ...found([]), note: everywhere.map((r) => r.note).filter(Boolean).join('; ') || undefined };
  },
  keyRotation: (rs) => {
    const keys = ofType(rs, 'AWS::KMS::Key').filter((k) => (k.properties.KeySpec ?? 'SYMMETRIC_DEFAULT') === 'SYMMETRIC_DEFAULT');
    return { ...found(keys.filter((k) => isTrue(k.properties.EnableKeyRotation)), keys.filter((k) => !isTrue(k.properties.EnableKeyRotation))), applicable: keys.length > 0 };
  },
  securityHub: (rs) =>
    found(ofType(rs, 'AWS::SecurityHub::Hub', 'AWS::SecurityHub::OrganizationConfiguration', 'AWS::SecurityHub::ConfigurationPolicy')),
  // The setting itself in every account and region; the SCP that keeps it on is evidence beside it, not instead.
  ebsEncryptionByDefault: (rs) => {
    const everywhere = inEveryAccount(customResourcesMentioning(rs, /EbsEncryptionByDefault/), rs, true);
    return everywhere.evidence.length ? merge(everywhere, scpDenying(rs, ['ec2:DisableEbsEncryptionByDefault'])) : everywhere;
  },
};

/** Every detector, by the name the catalogue uses. */
export const DETECTORS: Record<string, Detector> = { ...IDENTITY_AND_DATA, ...LOGGING, ...NETWORK_DETECTORS };

/**
 * CIS section 4: a metric filter whose pattern mentions every term, with an alarm on its metric that
 * notifies someone (AlarmActions). Evidence: the filter and the alarm.
 */
export function metricFilterAlarm(rs: readonly IndexedResource[], terms: readonly string[]): DetectorResult {
  const filters = ofType(rs, 'AWS::Logs::MetricFilter').filter((f) => {
    const pattern = String(f.properties.FilterPattern ?? '');
    return terms.every((t) => pattern.includes(t));
  });
  const alarms = ofType(rs, 'AWS::CloudWatch::Alarm');
  for (const f of filters) {
    const metrics = asList<any>(f.properties.MetricTransformations);
    const alarm = alarms.find(
      (a) =>
        sameScope(a, f) &&
        asList(a.properties.AlarmActions).length > 0 &&
        metrics.some((m) => m?.MetricName === a.properties.MetricName && m?.MetricNamespace === a.properties.Namespace),
    );
    if (alarm) return found([f, alarm]);
  }
  return found([]);
}

/** What each detector looks for, as the compliance report explains a missing control. */
export const DETECTOR_EXPECTS: Record<string, string> = {
  rootDenied: 'an SCP Deny conditioned on aws:PrincipalArn arn:aws:iam::*:root',
  passwordPolicy: 'a custom resource setting the IAM account password policy (no CloudFormation type exists) in every account',
  securityContact: 'a custom resource registering the SECURITY alternate contact (no CloudFormation type exists) in every account',
  noIamUsers: 'no AWS::IAM::User/AccessKey, and an SCP denying iam:CreateUser and iam:CreateAccessKey or IAM Identity Center permission sets',
  noAdminStarPolicies: 'no IAM policy statement allowing Action "*" on Resource "*"',
  supportRole: 'an AWS::IAM::Role with the AWSSupportAccess managed policy in every account',
  noCloudShellFullAccess: 'no role, user, group or permission set with AWSCloudShellFullAccess',
  organizationAccessAnalyzer: 'an AWS::AccessAnalyzer::Analyzer of type ORGANIZATION',
  bucketsDenyInsecureTransport: 'a bucket policy on every bucket denying aws:SecureTransport = false',
  bucketsBlockPublicAccess: 'all four PublicAccessBlockConfiguration flags on every bucket',
  databasesEncrypted: 'StorageEncrypted/Encrypted on every RDS instance/cluster and EFS file system',
  trailAllRegions: 'an AWS::CloudTrail::Trail with IsMultiRegionTrail, IsLogging and global service events',
  trailLogValidation: 'a trail with EnableLogFileValidation',
  trailEncrypted: 'a trail with KMSKeyId',
  trailS3DataEvents: 'a trail recording S3 object-level reads and writes of every bucket (config logging.s3DataEvents)',
  trailBucketAccessLogging: "the trail's bucket (by BucketName) with LoggingConfiguration",
  configEverywhere: 'AWS::Config::ConfigurationRecorder and DeliveryChannel in every account and governed region (stacks, or a StackSet for the member accounts)',
  keyRotation: 'EnableKeyRotation on every symmetric AWS::KMS::Key',
  securityHub: 'AWS::SecurityHub::Hub, OrganizationConfiguration or ConfigurationPolicy',
  ebsEncryptionByDefault: 'a custom resource enabling EBS encryption by default in every account and governed region (an SCP denying ec2:DisableEbsEncryptionByDefault keeps it on)',
  instanceRoles: 'an IamInstanceProfile on every AWS::EC2::Instance',
  vpcFlowLogs: 'a VPC-level AWS::EC2::FlowLog of ALL traffic for every VPC, in the same template, and the default VPC removed (baseline DefaultVpcRemoval) in every account and governed region',
  defaultSecurityGroupRestricted: "CDK's Custom::VpcRestrictDefaultSG for every VPC, and the default VPC removed (baseline DefaultVpcRemoval) in every account and governed region",
  noCifsFromInternet: 'no security group ingress from 0.0.0.0/0 or ::/0 covering port 445 over TCP, UDP or all protocols',
  noAdminPortsFromInternet: 'no security group ingress from 0.0.0.0/0 or ::/0 covering ports 22 or 3389 over TCP, UDP or all protocols',
  noNaclAdminPortsFromInternet: 'no inbound NACL entry allowing 0.0.0.0/0 or ::/0 to ports 22 or 3389 over TCP, UDP or all protocols',
  peeringRoutesLeastAccess: 'no default route over a VPC peering connection',
  imdsv2: 'HttpTokens required on instances (launch template), an SCP on ec2:MetadataHttpTokens or an EC2 declarative policy',
};
