/**
 * Every call the containment handler makes, taken from the handler's own runs against the test model
 * (test/lambda/containment/world.ts), evaluated as IAM would: the handler role's synthesized policy (from the
 * StackSet template), the SCP chain of the OU the account sits in, the RCPs, and for the cross-account evidence
 * write the evidence bucket and key policies. Each call is authorized as the Service Authorization Reference
 * lists its resource types (https://docs.aws.amazon.com/service-authorization/latest/reference/). Calls outside
 * the handler's job are denied.
 */
import { runSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import { contain } from '../../../../lambda/containment';
import { incidentResponseNames } from '../../../../lib/names';
import { bucketPolicyOf, resolveIntrinsics } from '../../../cfn-resolve';
import { buildApp, defaultConfig } from '../../../helpers';
import { organizationPolicies } from '../../guardrails/org-policy-harness';
import { WHERE, world, type Call } from '../../../lambda/containment/world';

const config = defaultConfig();
const names = incidentResponseNames(config);
const { app, lz } = buildApp(config, { checks: false });
const assembly = app.synth();
const tpl = (name: string) => assembly.getStackByName(name).template;
const members = tpl(lz.incidentResponseMembers.stackName);
const stackSet: any = Object.values<any>(members.Resources).find((r) => r.Type === 'AWS::CloudFormation::StackSet');
const body = JSON.parse(stackSet.Properties.TemplateBody);
const evidenceTemplate = tpl(lz.incidentResponse.stackName);
const { scps, rcps } = organizationPolicies(tpl(lz.organization.stackName), config.organization.rootId);

const ORG = config.organization.id;
const R = 'eu-west-1';
const FULL = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

/** The template's pseudo parameters as one instance sees them. */
function instanceValue(value: any, account: string): any {
  if (Array.isArray(value)) return value.map((v) => instanceValue(v, account));
  if (value && typeof value === 'object') {
    if (value.Ref === 'AWS::Region') return R;
    if (value.Ref === 'AWS::AccountId') return account;
    if (value.Ref === 'AWS::Partition') return 'aws';
    if ('Fn::GetAtt' in value && value['Fn::GetAtt'][0].startsWith('ContainmentLogs')) return `arn:aws:logs:${R}:${account}:log-group:containment:*`;
    if ('Fn::Join' in value) return instanceValue(value['Fn::Join'][1], account).join(value['Fn::Join'][0]);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, instanceValue(v, account)]));
  }
  return value;
}
const policyOf = (prefix: string, account: string) =>
  instanceValue(Object.entries<any>(body.Resources).find(([id, r]) => id.startsWith(prefix) && r.Type === 'AWS::IAM::ManagedPolicy')![1].Properties.PolicyDocument, account);
const keyPolicy = resolveIntrinsics(Object.values<any>(evidenceTemplate.Resources).find((r) => r.Type === 'AWS::KMS::Key').Properties.KeyPolicy, evidenceTemplate);
const evidencePolicy = bucketPolicyOf(evidenceTemplate, names.evidenceBucketName);

const levels = (ou: string) => ['Root', ...ou.split('/').filter((p) => p !== 'Root').map((_, i, parts) => parts.slice(0, i + 1).join('/'))];

interface Request {
  readonly action: string;
  readonly resource: string;
  readonly context?: Record<string, string | string[]>;
  readonly resourcePolicy?: unknown;
}

async function decide(principal: string, ou: string, identity: unknown, req: Request): Promise<string> {
  const account = /:(\d{12}):/.exec(principal)![1];
  const resourceAccount = /:(\d{12}):/.exec(req.resource)?.[1] ?? (req.resource.startsWith(`arn:aws:s3:::${names.evidenceBucketName}`) ? names.account : account);
  const simulation: Simulation = {
    request: {
      principal,
      action: req.action,
      resource: { resource: req.resource, accountId: resourceAccount },
      contextVariables: {
        'aws:PrincipalArn': principal,
        'aws:PrincipalAccount': account,
        'aws:PrincipalOrgID': ORG,
        'aws:PrincipalIsAWSService': 'false',
        'aws:RequestedRegion': R,
        'aws:SecureTransport': 'true',
        ...req.context,
      },
    },
    identityPolicies: [{ name: 'handler', policy: identity }],
    serviceControlPolicies: [
      ...levels(ou).map((level) => ({
        orgIdentifier: level === 'Root' ? config.organization.rootId : `ou-${level.toLowerCase().replace(/[^a-z0-9]+/g, '')}`,
        policies: [{ name: 'FullAWSAccess', policy: FULL }, ...scps.filter((p) => p.targets.includes(level))],
      })),
      { orgIdentifier: account, policies: [{ name: 'FullAWSAccess', policy: FULL }] },
    ],
    resourceControlPolicies: [{ orgIdentifier: config.organization.rootId, policies: rcps }],
    resourcePolicy: req.resourcePolicy,
  } as any;
  const result = await runSimulation(simulation, {});
  if (result.resultType === 'error') throw new Error(`${req.action}: ${JSON.stringify(result.errors)}`);
  return result.overallResult;
}

/** The IAM requests one logged call is authorized as (action and every resource type the reference lists for it). */
function requestsOf(call: Call, a: string): Request[] {
  const ec2 = (type: string, id: string) => `arn:aws:ec2:${R}:${a}:${type}/${id}`;
  const i = call.input;
  const instance = ec2('instance', 'i-0123456789abcdef0');
  const one = (action: string, ...resources: string[]): Request[] => resources.map((resource) => ({ action, resource }));
  switch (call.api) {
    case 'DescribeInstances': case 'DescribeSecurityGroups': case 'DescribeSnapshots': case 'DescribeInstanceAttribute':
      return one(`ec2:${call.api}`, '*');
    case 'ModifyInstanceAttribute': return one('ec2:ModifyInstanceAttribute', instance);
    case 'CreateSecurityGroup': return one('ec2:CreateSecurityGroup', ec2('security-group', '*'), ec2('vpc', i.VpcId));
    case 'RevokeSecurityGroupEgress': case 'RevokeSecurityGroupIngress': return one(`ec2:${call.api}`, ec2('security-group', i.GroupId));
    case 'ModifyNetworkInterfaceAttribute': return one('ec2:ModifyNetworkInterfaceAttribute', ec2('network-interface', i.NetworkInterfaceId), ec2('security-group', i.Groups[0]), instance);
    case 'CreateTags': return one('ec2:CreateTags', instance);
    case 'CreateSnapshot': return one('ec2:CreateSnapshot', ec2('volume', i.VolumeId), `arn:aws:ec2:${R}::snapshot/*`);
    case 'GetConsoleOutput': return one('ec2:GetConsoleOutput', instance);
    case 'DescribeAutoScalingInstances': return one('autoscaling:DescribeAutoScalingInstances', '*');
    case 'DetachInstances': return one('autoscaling:DetachInstances', `arn:aws:autoscaling:${R}:${a}:autoScalingGroup:0a1b2c3d-0000-0000-0000-000000000000:autoScalingGroupName/${i.AutoScalingGroupName}`);
    case 'DescribeTargetGroups': case 'DescribeTargetHealth': return one(`elasticloadbalancing:${call.api}`, '*');
    case 'DeregisterTargets': return one('elasticloadbalancing:DeregisterTargets', i.TargetGroupArn);
    case 'GetRole': case 'GetRolePolicy': case 'PutRolePolicy': return one(`iam:${call.api}`, `arn:aws:iam::${a}:role/${i.RoleName}`);
    case 'ListAccessKeys': case 'UpdateAccessKey': return one(`iam:${call.api}`, `arn:aws:iam::${a}:user/${i.UserName}`);
    case 'GetFunction': case 'GetFunctionConcurrency': case 'PutFunctionConcurrency': return one(`lambda:${call.api}`, `arn:aws:lambda:${R}:${a}:function:${i.FunctionName}`);
    case 'GetBucketPolicy': return one('s3:GetBucketPolicy', `arn:aws:s3:::${i.Bucket}`);
    case 'GetPublicAccessBlock': return one('s3:GetBucketPublicAccessBlock', `arn:aws:s3:::${i.Bucket}`);
    case 'PutPublicAccessBlock': return one('s3:PutBucketPublicAccessBlock', `arn:aws:s3:::${i.Bucket}`);
    case 'PutObject':
      // https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html and, for SSE-KMS, the GenerateDataKey S3 makes as the caller:
      // https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html#aws-managed-customer-managed-keys
      return [
        {
          action: 's3:PutObject',
          resource: `arn:aws:s3:::${i.Bucket}/${i.Key}`,
          context: { 's3:x-amz-server-side-encryption': 'aws:kms', 's3:x-amz-server-side-encryption-aws-kms-key-id': i.SSEKMSKeyId },
          resourcePolicy: evidencePolicy,
        },
        { action: 'kms:GenerateDataKey', resource: `arn:aws:kms:${R}:${names.account}:key/${'1'.repeat(8)}-1111-1111-1111-111111111111`, context: { 'kms:ViaService': `s3.${R}.amazonaws.com` }, resourcePolicy: keyPolicy },
      ];
    default:
      throw new Error(`no IAM mapping for ${call.api}: add it (and check the handler policy grants it)`);
  }
}

const RUNS: Array<[string, string]> = [
  ['IsolateEc2Instance', 'i-0123456789abcdef0'],
  ['RevokeRoleSessions', 'app-role'],
  ['DeactivateAccessKeys', 'alice'],
  ['QuarantineLambda', 'payments-worker'],
  ['BlockS3PublicAccess', 'public-site'],
];
// The accounts the StackSet reaches: a production and a sandbox workload account, and the security-log account.
const ACCOUNTS = [
  { ou: 'Workloads/Prod', account: '333333333333' },
  { ou: 'Sandbox', account: '555555555555' },
  { ou: 'Security', account: '222222222222' },
];

describe.each(ACCOUNTS)('containment handler role in an account of $ou', ({ ou, account }) => {
  const principal = `arn:aws:iam::${account}:role/acme-ir-containment-${R}`;
  const identity = policyOf('ContainmentHandlerPolicy', account);

  test.each(RUNS)('every call %s makes is allowed by the role and not blocked by the guardrails', async (action, resourceId) => {
    const w = world(account);
    await contain({ action, resourceId, caseId: 'case-42', collector: 'test' }, { ...WHERE, account }, w.deps);
    const requests = w.log.flatMap((c) => requestsOf(c, account));
    expect(requests.length).toBeGreaterThan(2);
    const decisions = await Promise.all(requests.map(async (r) => `${r.action} ${r.resource} ${await decide(principal, ou, identity, r)}`));
    expect(decisions.filter((d) => !d.endsWith('Allowed'))).toEqual([]);
  });

  test.each<[string, Request]>([
    ['terminating the instance', { action: 'ec2:TerminateInstances', resource: `arn:aws:ec2:${R}:${account}:instance/i-0123456789abcdef0` }],
    ['creating an access key', { action: 'iam:CreateAccessKey', resource: `arn:aws:iam::${account}:user/alice` }],
    ['deleting the access key instead', { action: 'iam:DeleteAccessKey', resource: `arn:aws:iam::${account}:user/alice` }],
    ['revoking the break-glass role\'s sessions', { action: 'iam:PutRolePolicy', resource: `arn:aws:iam::${account}:role/LandingZoneBreakGlass` }],
    ['widening its own automation role', { action: 'iam:PutRolePolicy', resource: `arn:aws:iam::${account}:role/acme-ir-automation` }],
    ['replacing a function\'s code', { action: 'lambda:UpdateFunctionCode', resource: `arn:aws:lambda:${R}:${account}:function:payments-worker` }],
    ['stopping itself', { action: 'lambda:PutFunctionConcurrency', resource: `arn:aws:lambda:${R}:${account}:function:acme-ir-containment` }],
    ['deleting a bucket policy', { action: 's3:DeleteBucketPolicy', resource: 'arn:aws:s3:::public-site' }],
    ['reading evidence', { action: 's3:GetObject', resource: `arn:aws:s3:::${names.evidenceBucketName}/cases/x`, resourcePolicy: evidencePolicy }],
    ['writing evidence under another key', {
      action: 's3:PutObject',
      resource: `arn:aws:s3:::${names.evidenceBucketName}/cases/x`,
      context: { 's3:x-amz-server-side-encryption-aws-kms-key-id': `arn:aws:kms:${R}:${account}:key/attacker` },
      resourcePolicy: evidencePolicy,
    }],
    ['writing to any other bucket', { action: 's3:PutObject', resource: 'arn:aws:s3:::exfiltration/x' }],
  ])('%s is denied', async (_what, req) => {
    expect(await decide(principal, ou, identity, req)).not.toBe('Allowed');
  });
});

describe('automation role (runbooks run as it)', () => {
  const account = '333333333333';
  const principal = `arn:aws:iam::${account}:role/${names.automationRoleName}`;
  const identity = policyOf('ContainmentAutomationPolicy', account);
  test('invokes the containment handler in any governed region, and nothing else', async () => {
    // https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
    for (const region of config.organization.governedRegions) {
      expect(await decide(principal, 'Workloads/Prod', identity, { action: 'lambda:InvokeFunction', resource: `arn:aws:lambda:${region}:${account}:function:${names.containmentFunctionName}`, context: { 'aws:RequestedRegion': region } })).toBe('Allowed');
    }
    expect(await decide(principal, 'Workloads/Prod', identity, { action: 'lambda:InvokeFunction', resource: `arn:aws:lambda:${R}:${account}:function:payments-worker` })).not.toBe('Allowed');
    expect(await decide(principal, 'Workloads/Prod', identity, { action: 'ec2:TerminateInstances', resource: `arn:aws:ec2:${R}:${account}:instance/i-0123456789abcdef0` })).not.toBe('Allowed');
  });
});
