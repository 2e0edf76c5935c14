import { edgeResourcePatterns, regionStatements } from '../../../lib/guardrails/edge-region';
import { GLOBAL_SERVICE_ACTIONS } from '../../../lib/guardrails/scp-statements';
import { defaultRawConfig, parseRaw, templateOf } from '../../helpers';
import { harness } from './org-policy-harness';

const exempt = { ArnNotLike: { 'aws:PrincipalARN': ['arn:aws:iam::*:role/LandingZoneBreakGlass'] } };
const governed = ['eu-west-1', 'eu-central-1'];

describe('the edge-region allowance', () => {
  test('on: us-east-1 leaves the region deny and LimitEdgeRegion keeps it to global services, edge actions and edge resources', () => {
    const [regions, edge] = regionStatements(governed, GLOBAL_SERVICE_ACTIONS, { enabled: true, bootstrapQualifiers: ['hnb659fds'] }, exempt);
    expect(regions.Condition).toEqual({ StringNotEquals: { 'aws:RequestedRegion': [...governed, 'us-east-1'] }, ...exempt });
    expect(edge.Sid).toBe('LimitEdgeRegion');
    expect(edge.Condition).toEqual({ StringEquals: { 'aws:RequestedRegion': 'us-east-1' }, ...exempt });
    expect(edge.NotAction).toEqual(expect.arrayContaining(['cloudfront:*', 'wafv2:*', 'acm:*', 'cloudformation:*']));
  });

  test('off, or us-east-1 governed: the region deny alone, as before the allowance', () => {
    expect(regionStatements(governed, GLOBAL_SERVICE_ACTIONS, { enabled: false, bootstrapQualifiers: ['hnb659fds'] }, exempt).map((s) => s.Sid)).toEqual(['DenyUngovernedRegions']);
    const withUsEast1 = regionStatements([...governed, 'us-east-1'], GLOBAL_SERVICE_ACTIONS, { enabled: true, bootstrapQualifiers: ['hnb659fds'] }, exempt);
    expect(withUsEast1.map((s) => s.Sid)).toEqual(['DenyUngovernedRegions']);
  });

  test('edge resources follow the bootstrap template\u2019s naming, for every configured qualifier', () => {
    expect(edgeResourcePatterns(['hnb659fds', 'team2'])).toEqual([
      'arn:aws:s3:::cdk-hnb659fds-assets-????????????-us-east-1',
      'arn:aws:s3:::cdk-hnb659fds-assets-????????????-us-east-1/*',
      'arn:aws:ssm:us-east-1:*:parameter/cdk-bootstrap/hnb659fds/version',
      'arn:aws:ecr:us-east-1:*:repository/cdk-hnb659fds-container-assets-????????????-us-east-1',
      'arn:aws:s3:::cdk-team2-assets-????????????-us-east-1',
      'arn:aws:s3:::cdk-team2-assets-????????????-us-east-1/*',
      'arn:aws:ssm:us-east-1:*:parameter/cdk-bootstrap/team2/version',
      'arn:aws:ecr:us-east-1:*:repository/cdk-team2-container-assets-????????????-us-east-1',
      'arn:aws:logs:us-east-1:*:log-group:aws-waf-logs-*',
    ]);
  });

  test('turned off in config, a CloudFormation stack in us-east-1 is denied again (evaluated)', async () => {
    const raw = defaultRawConfig();
    raw.guardrails.edgeRegion = { enabled: false };
    const config = parseRaw(raw);
    const { decide } = harness(config, templateOf('organization', config).toJSON(), 'unused');
    // https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStack.html
    const createStack = {
      what: 'CreateStack in us-east-1',
      action: 'cloudformation:CreateStack',
      resource: 'arn:aws:cloudformation:us-east-1:333333333333:stack/ProductEdge/*',
      principal: 'arn:aws:iam::333333333333:role/cdk-hnb659fds-cfn-exec-role-333333333333-us-east-1',
      region: 'us-east-1',
      expected: 'ExplicitlyDenied' as const,
    };
    expect(await decide(createStack)).toBe('ExplicitlyDenied');
    // Global services stay reachable from us-east-1.
    expect(await decide({ ...createStack, action: 'cloudfront:CreateDistribution', resource: '*', expected: 'Allowed' })).toBe('Allowed');
  });
});
