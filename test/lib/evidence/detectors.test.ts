import { CONTROLS, type Control } from '../../../lib/evidence/controls';
import { evaluateControl } from '../../../lib/evidence/compliance';
import { indexResources } from '../../../lib/evidence/resources';
import { scp, stackOf, type Resources } from './fixtures';

const status = (id: string, resources: Resources) =>
  evaluateControl(CONTROLS.find((c) => c.id === id) as Control, indexResources([stackOf(resources)])).status;
const R = (Type: string, Properties: any = {}, extra: any = {}) => ({ Type, Properties, ...extra });

const CIS4_PATTERN_4_3 = '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }';
const rootFilter = (namespace = 'CISBenchmark') => ({
  Filter: R('AWS::Logs::MetricFilter', {
    FilterPattern: CIS4_PATTERN_4_3,
    LogGroupName: { Ref: 'TrailLogs' },
    MetricTransformations: [{ MetricName: 'RootAccountUsage', MetricNamespace: namespace, MetricValue: '1' }],
  }),
  Alarm: R('AWS::CloudWatch::Alarm', {
    MetricName: 'RootAccountUsage',
    Namespace: 'CISBenchmark',
    Threshold: 1,
    AlarmActions: [{ Ref: 'AlarmTopic' }],
  }),
});

const vpc = { Vpc: R('AWS::EC2::VPC', { CidrBlock: '10.0.0.0/16' }) };
/** The baseline's default-VPC removal (lambda/account-baseline/default-vpc.ts), in the fixture's one account and region. */
const defaultVpcRemoved = { DefaultVpcRemoval: R('AWS::CloudFormation::CustomResource', { ServiceToken: 'arn', Setting: 'DefaultVpcRemoval' }) };
const trail = (props: any) => ({ Trail: R('AWS::CloudTrail::Trail', { S3BucketName: 'acme-log-archive', IsLogging: true, ...props }) });

/** [control, resources that implement it, resources that do not, status of the latter]. */
const cases: [string, Resources, Resources, string][] = [
  ['CIS 1.2', { C: R('Custom::AWS', { Create: '{"service":"Account","action":"putAlternateContact","parameters":{"AlternateContactType":"SECURITY"}}' }) },
    { C: R('Custom::AWS', { Create: '{"service":"Account","action":"putAlternateContact","parameters":{"AlternateContactType":"BILLING"}}' }) }, 'missing'],
  // The account baseline's own handler (inside the StackSet template).
  ['CIS 1.2', { C: R('AWS::CloudFormation::CustomResource', { Setting: 'SecurityContact', Email: { Ref: 'SecurityContactEmail' } }) },
    { C: R('AWS::CloudFormation::CustomResource', { Setting: 'PasswordPolicy' }) }, 'missing'],
  ['CIS 1.3/1.6', { P: scp(['*'], { ArnLike: { 'aws:PrincipalArn': ['arn:aws:iam::*:root'] } }) }, { P: scp(['*']) }, 'missing'],
  ['CIS 1.7/1.8', { P: R('Custom::PasswordPolicy', { MinimumPasswordLength: 14, PasswordReusePrevention: 24 }) }, {}, 'missing'],
  ['CIS 1.9–1.14/1.20', { PS: R('AWS::SSO::PermissionSet', { Name: 'ReadOnly' }) }, { PS: R('AWS::SSO::PermissionSet'), U: R('AWS::IAM::User') }, 'violated'],
  ['CIS 1.15', { P: R('AWS::IAM::Policy', { PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] } }) },
    { P: R('AWS::IAM::Role', { Policies: [{ PolicyName: 'a', PolicyDocument: { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } }] }) }, 'violated'],
  ['CIS 1.16', { Role: R('AWS::IAM::Role', { ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AWSSupportAccess']] }] }) },
    { Role: R('AWS::IAM::Role', { ManagedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] }) }, 'missing'],
  ['CIS 1.17', { I: R('AWS::EC2::Instance', { IamInstanceProfile: { Ref: 'Profile' } }) }, { I: R('AWS::EC2::Instance', {}) }, 'violated'],
  ['CIS 1.19', { A: R('AWS::AccessAnalyzer::Analyzer', { Type: 'ORGANIZATION' }) }, { A: R('AWS::AccessAnalyzer::Analyzer', { Type: 'ACCOUNT' }) }, 'missing'],
  ['CIS 1.21', { Role: R('AWS::IAM::Role', {}) }, { Role: R('AWS::IAM::Role', { ManagedPolicyArns: ['arn:aws:iam::aws:policy/AWSCloudShellFullAccess'] }) }, 'violated'],
  ['CIS 2.1.1',
    { B: R('AWS::S3::Bucket'), BP: R('AWS::S3::BucketPolicy', { Bucket: { Ref: 'B' }, PolicyDocument: { Statement: [{ Effect: 'Deny', Action: 's3:*', Principal: { AWS: '*' }, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] } }) },
    { B: R('AWS::S3::Bucket') }, 'violated'],
  ['CIS 2.1.4',
    { B: R('AWS::S3::Bucket', { PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true } }) },
    { B: R('AWS::S3::Bucket', { PublicAccessBlockConfiguration: { BlockPublicAcls: true } }) }, 'violated'],
  ['CIS 2.2.x/2.3.1', { D: R('AWS::RDS::DBInstance', { StorageEncrypted: true }) }, { F: R('AWS::EFS::FileSystem', { Encrypted: false }) }, 'violated'],
  ['CIS 3.1', trail({ IsMultiRegionTrail: true, IncludeGlobalServiceEvents: true }), trail({ IsMultiRegionTrail: false }), 'missing'],
  ['CIS 3.2', trail({ EnableLogFileValidation: true }), trail({}), 'missing'],
  ['CIS 3.3', { Rec: R('AWS::Config::ConfigurationRecorder'), Ch: R('AWS::Config::DeliveryChannel') }, { Rec: R('AWS::Config::ConfigurationRecorder') }, 'missing'],
  ['CIS 3.4', { ...trail({}), B: R('AWS::S3::Bucket', { BucketName: 'acme-log-archive', LoggingConfiguration: { DestinationBucketName: 'acme-access-logs' } }) },
    { ...trail({}), B: R('AWS::S3::Bucket', { BucketName: 'acme-log-archive' }) }, 'missing'],
  ['CIS 3.5', trail({ KMSKeyId: { 'Fn::GetAtt': ['Key', 'Arn'] } }), trail({}), 'missing'],
  ['CIS 3.6', { K: R('AWS::KMS::Key', { EnableKeyRotation: true }), Sign: R('AWS::KMS::Key', { KeySpec: 'ECC_NIST_P256' }) }, { K: R('AWS::KMS::Key', {}) }, 'violated'],
  ['CIS 3.7', { ...vpc, ...defaultVpcRemoved, FL: R('AWS::EC2::FlowLog', { ResourceId: { Ref: 'Vpc' }, ResourceType: 'VPC', TrafficType: 'ALL' }) },
    { ...vpc, FL: R('AWS::EC2::FlowLog', { ResourceId: { Ref: 'Vpc' }, ResourceType: 'VPC', TrafficType: 'REJECT' }) }, 'violated'],
  ['CIS 3.8/3.9', trail({ EventSelectors: [{ DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3'] }] }] }), trail({}), 'missing'],
  // Advanced selectors: reads and writes of every bucket; writes of every bucket with reads of named buckets only is not 3.9.
  ['CIS 3.8/3.9', trail({ AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }] }] }),
    trail({ AdvancedEventSelectors: [
      { FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }, { Field: 'readOnly', Equals: ['false'] }] },
      { FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }, { Field: 'readOnly', Equals: ['true'] }, { Field: 'resources.ARN', StartsWith: ['arn:aws:s3:::acme-log-archive/'] }] },
    ] }), 'missing'],
  ['CIS 3.8/3.9', trail({ AdvancedEventSelectors: [
      { FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }, { Field: 'readOnly', Equals: ['false'] }] },
      { FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }, { Field: 'readOnly', Equals: ['true'] }] },
    ] }),
    trail({ EventSelectors: [{ ReadWriteType: 'WriteOnly', DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3'] }] }] }), 'missing'],
  ['CIS 4.3', rootFilter(), rootFilter('Other'), 'missing'],
  ['CIS 4.16', { H: R('AWS::SecurityHub::Hub') }, {}, 'missing'],
  // The setting itself must be on (the SCP only keeps it on): a custom resource enabling it, here or per account.
  ['CIS 5.1.1', { E: R('AWS::CloudFormation::CustomResource', { Setting: 'EbsEncryptionByDefault' }), P: scp(['ec2:DisableEbsEncryptionByDefault']) },
    { P: scp(['ec2:DisableEbsEncryptionByDefault']) }, 'missing'],
  ['CIS 5.1.2', { SG: R('AWS::EC2::SecurityGroup', { SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' }] }) },
    { SG: R('AWS::EC2::SecurityGroup', { SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 0, ToPort: 1024, CidrIpv6: '::/0' }] }) }, 'violated'],
  ['CIS 5.2', { E: R('AWS::EC2::NetworkAclEntry', { Egress: false, RuleAction: 'allow', CidrBlock: '0.0.0.0/0', Protocol: 6, PortRange: { From: 443, To: 443 } }) },
    { E: R('AWS::EC2::NetworkAclEntry', { Egress: false, RuleAction: 'allow', CidrBlock: '0.0.0.0/0', Protocol: -1 }) }, 'violated'],
  ['CIS 5.3/5.4', { SG: R('AWS::EC2::SecurityGroupIngress', { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '10.0.0.0/8' }) },
    { SG: R('AWS::EC2::SecurityGroupIngress', { IpProtocol: 'tcp', FromPort: 3389, ToPort: 3389, CidrIp: '0.0.0.0/0' }) }, 'violated'],
  ['CIS 5.5', { ...vpc, ...defaultVpcRemoved, R: R('Custom::VpcRestrictDefaultSG', { DefaultSecurityGroupId: { 'Fn::GetAtt': ['Vpc', 'DefaultSecurityGroup'] } }) }, vpc, 'violated'],
  ['CIS 5.6', { Rt: R('AWS::EC2::Route', { VpcPeeringConnectionId: 'pcx-1', DestinationCidrBlock: '10.1.0.0/16' }) },
    { Rt: R('AWS::EC2::Route', { VpcPeeringConnectionId: 'pcx-1', DestinationCidrBlock: '0.0.0.0/0' }) }, 'violated'],
  ['CIS 5.7',
    { LT: R('AWS::EC2::LaunchTemplate', { LaunchTemplateData: { MetadataOptions: { HttpTokens: 'required' } } }), I: R('AWS::EC2::Instance', { LaunchTemplate: { LaunchTemplateId: { Ref: 'LT' }, Version: '1' } }) },
    { I: R('AWS::EC2::Instance', {}) }, 'violated'],
];

describe.each(cases)('%s', (id, present, absent, absentStatus) => {
  test('is implemented by the resources that do it', () => expect(status(id, present)).toBe('implemented'));
  test(`is ${absentStatus} without them`, () => expect(status(id, absent)).toBe(absentStatus));
});

test('CIS 3.7 and 5.5 are missing while the default VPCs remain, even when every declared VPC is logged and restricted', () => {
  const logged = {
    ...vpc,
    FL: R('AWS::EC2::FlowLog', { ResourceId: { Ref: 'Vpc' }, ResourceType: 'VPC', TrafficType: 'ALL' }),
    R: R('Custom::VpcRestrictDefaultSG', { DefaultSecurityGroupId: { 'Fn::GetAtt': ['Vpc', 'DefaultSecurityGroup'] } }),
  };
  expect([status('CIS 3.7', logged), status('CIS 5.5', logged)]).toEqual(['missing', 'missing']);
  // No VPC declared at all is no longer "not applicable": every account has its default VPC until it is removed.
  expect(status('CIS 3.7', {})).toBe('missing');
});

test('the cases above cover every named detector', () => {
  const named = new Set(CONTROLS.flatMap((c) => ('detector' in c.check ? [c.check.detector] : [])));
  const covered = new Set(cases.map(([id]) => CONTROLS.find((c) => c.id === id)!.check).flatMap((c) => ('detector' in c ? [c.detector] : [])));
  expect([...named].filter((d) => !covered.has(d))).toEqual([]);
});

test('a metric filter missing one CIS event name does not implement the control', () => {
  const partial = { F: R('AWS::Logs::MetricFilter', { FilterPattern: '{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) }', MetricTransformations: [{ MetricName: 'M', MetricNamespace: 'N' }] }),
    A: R('AWS::CloudWatch::Alarm', { MetricName: 'M', Namespace: 'N', AlarmActions: ['arn'] }) };
  expect(status('CIS 4.5', partial)).toBe('missing');
});

test('resources inside a StackSet TemplateBody count for the member accounts (JSON string or Fn::Join)', () => {
  const body = { Resources: { Recorder: { Type: 'AWS::Config::ConfigurationRecorder' }, Channel: { Type: 'AWS::Config::DeliveryChannel' } } };
  const asString = { Set: R('AWS::CloudFormation::StackSet', { PermissionModel: 'SERVICE_MANAGED', TemplateBody: JSON.stringify(body) }) };
  const asJoin = { Set: R('AWS::CloudFormation::StackSet', { TemplateBody: { 'Fn::Join': ['', ['{"Resources":{"Recorder":{"Type":"AWS::Config::ConfigurationRecorder","Properties":{"Name":"', { Ref: 'AWS::Region' }, '"}},"Channel":{"Type":"AWS::Config::DeliveryChannel"}}}']] } }) };
  // The StackSet's own (management) account gets none of its instances: it needs its own recorder.
  const own = { Rec: R('AWS::Config::ConfigurationRecorder'), Ch: R('AWS::Config::DeliveryChannel') };
  const member = stackOf({ Vpc: R('AWS::EC2::VPC') }, 'acme-network-prod-prod-eu-west-1', '333333333333');
  const control = CONTROLS.find((c) => c.id === 'CIS 3.3')!;
  expect(evaluateControl(control, indexResources([stackOf(asString), member]))).toMatchObject({ status: 'missing', note: expect.stringMatching(/missing in account 111111111111 \(eu-west-1\)/) });
  expect(evaluateControl(control, indexResources([stackOf({ ...asString, ...own }), member])).status).toBe('implemented');
  expect(evaluateControl(control, indexResources([stackOf({ ...asJoin, ...own }), member])).status).toBe('implemented');
  expect(evaluateControl(control, indexResources([stackOf({ ...asString, ...own }), member])).evidence).toEqual(
    expect.arrayContaining([
      { stack: 'acme-test-management-eu-west-1', logicalId: 'Set/Recorder' },
      { stack: 'acme-test-management-eu-west-1', logicalId: 'Set/Channel' },
    ]),
  );
});

test('an analyzer or a Config recorder must exist in every region the landing zone deploys to', () => {
  const analyzer = (region: string) => ({ ...stackOf({ A: R('AWS::AccessAnalyzer::Analyzer', { Type: 'ORGANIZATION' }) }, `acme-detection-security-log-${region}`), region });
  const control = CONTROLS.find((c) => c.id === 'CIS 1.19') as Control;
  const both = evaluateControl(control, indexResources([analyzer('eu-west-1'), analyzer('eu-central-1')]));
  expect(both.status).toBe('implemented');
  const network = { ...stackOf({ Vpc: R('AWS::EC2::VPC') }, 'acme-network-prod-eu-central-1'), region: 'eu-central-1' };
  const onlyHome = evaluateControl(control, indexResources([analyzer('eu-west-1'), network]));
  expect(onlyHome).toMatchObject({ status: 'missing', note: expect.stringMatching(/found in eu-west-1 but not in eu-central-1$/) });
  const stackSet = R('AWS::CloudFormation::StackSet', {
    StackInstancesGroup: [{ Regions: ['eu-west-1', 'eu-central-1'] }],
    TemplateBody: JSON.stringify({ Resources: { Rec: { Type: 'AWS::Config::ConfigurationRecorder' }, Ch: { Type: 'AWS::Config::DeliveryChannel' } } }),
  });
  const config = CONTROLS.find((c) => c.id === 'CIS 3.3') as Control;
  // The StackSet covers the member account in both regions; the management account has its own stacks.
  const own = (region: string) => ({ ...stackOf({ Rec: R('AWS::Config::ConfigurationRecorder'), Ch: R('AWS::Config::DeliveryChannel') }, `acme-account-baseline-management-${region}`), region });
  const memberNetwork = { ...stackOf({ Vpc: R('AWS::EC2::VPC') }, 'acme-network-prod-eu-central-1', '333333333333'), region: 'eu-central-1' };
  const stacks = () => [stackOf({ Set: stackSet }), own('eu-west-1'), own('eu-central-1'), memberNetwork];
  expect(evaluateControl(config, indexResources(stacks())).status).toBe('implemented');
  stackSet.Properties.StackInstancesGroup[0].Regions = ['eu-west-1'];
  expect(evaluateControl(config, indexResources(stacks()))).toMatchObject({ status: 'missing', note: expect.stringMatching(/missing in account 333333333333 \(eu-central-1\)/) });
});
