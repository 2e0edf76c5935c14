/**
 * The account-settings handler's permissions for default-VPC removal, evaluated with @cloud-copilot/iam-simulate:
 * its own policy (read from the synthesized StackSet template) allows exactly the calls it makes, in its own
 * account and region; the guardrail SCPs (read from the organization template) do not deny it those calls, and
 * still deny everyone recreating a default VPC. Resource ARNs follow the Service Authorization Reference for EC2:
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html
 */
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp, defaultConfig, templateOf } from '../../../helpers';
import { decide } from '../../../policy-simulator';
import { harness } from '../../guardrails/org-policy-harness';

const config = defaultConfig();
const PROD = '333333333333';
const REGION = 'eu-west-1';
const { lz } = buildApp(config, { checks: false });
const template = Template.fromStack(lz.baseline.accountBaselineTemplate).toJSON();
const handlerRole = `arn:aws:iam::${PROD}:role/${config.organization.name}-account-settings-${REGION}`;
const developer = `arn:aws:iam::${PROD}:role/AWSReservedSSO_Administrator_0123456789abcdef`;
const guardrails = harness(config, templateOf('organization', config).toJSON(), developer);

/** Resolves the pseudo parameters of a StackSet instance in PROD / eu-west-1 (Fn::Join, Ref, Fn::GetAtt to the log group). */
function resolve(v: any): any {
  if (Array.isArray(v)) return v.map(resolve);
  if (v && typeof v === 'object') {
    if (v.Ref === 'AWS::Partition') return 'aws';
    if (v.Ref === 'AWS::Region') return REGION;
    if (v.Ref === 'AWS::AccountId') return PROD;
    if (v['Fn::Join']) return (resolve(v['Fn::Join'][1]) as string[]).join(v['Fn::Join'][0]);
    if (v['Fn::GetAtt']) return `arn:aws:logs:${REGION}:${PROD}:log-group:handler-logs:*`;
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolve(x)]));
  }
  return v;
}
const handlerPolicy = Object.values<any>(template.Resources).find(
  (r) => r.Type === 'AWS::IAM::ManagedPolicy' && JSON.stringify(r.Properties.PolicyDocument).includes('ec2:DeleteVpc'),
);
const identityStatements = resolve(handlerPolicy.Properties.PolicyDocument.Statement);
const ec2 = (type: string, id: string, region = REGION, account = PROD) => `arn:aws:ec2:${region}:${account}:${type}/${id}`;

const calls: Array<[string, string]> = [
  ['ec2:DescribeVpcs', '*'],
  ['ec2:DescribeNetworkInterfaces', '*'],
  ['ec2:DescribeVpcEndpoints', '*'],
  ['ec2:DescribeVpcPeeringConnections', '*'],
  ['ec2:DescribeSecurityGroups', '*'],
  ['ec2:DescribeRouteTables', '*'],
  ['ec2:DescribeSubnets', '*'],
  ['ec2:DescribeVpnGateways', '*'],
  ['ec2:DescribeInternetGateways', '*'],
  ['ec2:GetInstanceMetadataDefaults', '*'],
  ['ec2:DetachInternetGateway', ec2('internet-gateway', 'igw-1')],
  ['ec2:DetachInternetGateway', ec2('vpc', 'vpc-0a1b2c3d')],
  ['ec2:DeleteInternetGateway', ec2('internet-gateway', 'igw-1')],
  ['ec2:DeleteSubnet', ec2('subnet', 'subnet-a')],
  ['ec2:DeleteVpc', ec2('vpc', 'vpc-0a1b2c3d')],
];

describe('default-VPC removal permissions', () => {
  test.each(calls)('the handler\'s own policy allows %s on %s', async (action, resource) => {
    expect(await decide(undefined, { principal: handlerRole, action, resource, resourceAccount: PROD, identityStatements })).toBe('Allowed');
  });

  test('the handler\'s policy reaches no other region or account, and cannot create a VPC or touch an instance', async () => {
    const denied: Array<[string, string]> = [
      ['ec2:DeleteVpc', ec2('vpc', 'vpc-0a1b2c3d', 'eu-central-1')],
      ['ec2:DeleteSubnet', ec2('subnet', 'subnet-a', REGION, '444444444444')],
      ['ec2:CreateDefaultVpc', '*'],
      ['ec2:TerminateInstances', ec2('instance', 'i-0123456789abcdef0')],
      ['ec2:DeleteSecurityGroup', ec2('security-group', 'sg-2')],
    ];
    for (const [action, resource] of denied) {
      expect([action, await decide(undefined, { principal: handlerRole, action, resource, resourceAccount: PROD, identityStatements })]).toEqual([action, 'ImplicitlyDenied']);
    }
  });

  test.each(calls)('the guardrail SCPs do not deny the baseline handler %s on %s', async (action, resource) => {
    expect(await guardrails.decide({ what: action, action, resource, principal: handlerRole, expected: 'Allowed' })).toBe('Allowed');
  });

  // CreateDefaultVpc / CreateDefaultSubnet take no resource ARN ("*"):
  // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateDefaultVpc.html
  test.each(['ec2:CreateDefaultVpc', 'ec2:CreateDefaultSubnet'])('the SCPs still deny %s to an administrator and to the baseline handler', async (action) => {
    for (const principal of [developer, handlerRole]) {
      expect(await guardrails.decide({ what: action, action, resource: '*', principal, expected: 'ExplicitlyDenied' })).toBe('ExplicitlyDenied');
    }
  });
});
