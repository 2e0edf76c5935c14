import { crossCheck } from '../../../lib/config/cross-checks';
import { defaultConfig } from '../../helpers';

test('the default config passes every cross-field rule', () => {
  expect(crossCheck(defaultConfig())).toEqual([]);
});

test('problems carry the YAML path of the field at fault', () => {
  const config = defaultConfig();
  const broken = { ...config, organization: { ...config.organization, governedRegions: ['eu-central-1'] } };
  expect(crossCheck(broken)).toContainEqual([['organization', 'homeRegion'], expect.stringMatching(/must be one of organization\.governedRegions/)]);
});

test('an office network overlapping a VPC is reported on the office CIDR', () => {
  const config = defaultConfig();
  const prod = { ...config.network.prod, transitGateway: { id: 'tgw-0123456789abcdef0', vpnBgpAsn: 65000, officeCidrs: ['10.20.5.0/24'] } };
  expect(crossCheck({ ...config, network: { ...config.network, prod } })).toContainEqual([
    ['network', 'prod', 'transitGateway', 'officeCidrs', 0],
    '"10.20.5.0/24" overlaps network.staging.cidr',
  ]);
});

test('a break-glass principal outside the management account is refused, naming it and the account', () => {
  const config = defaultConfig();
  const outside = 'arn:aws:iam::333333333333:user/break-glass-1';
  const broken = { ...config, organization: { ...config.organization, breakGlassPrincipals: [config.organization.breakGlassPrincipals[0], outside] } };
  expect(crossCheck(broken)).toEqual([
    [['organization', 'breakGlassPrincipals', 1], `"${outside}" is not in the management account 111111111111 (allowed: its IAM users and roles)`],
  ]);
});

test('an incident responder outside the security-log account is refused, naming it and the account', () => {
  const config = defaultConfig();
  const inside = 'arn:aws:iam::222222222222:user/responder-1';
  const outside = 'arn:aws:iam::333333333333:role/SecOps';
  const broken = { ...config, incidentResponse: { ...config.incidentResponse, responderPrincipals: [inside, outside] } };
  expect(crossCheck(broken)).toEqual([
    [['incidentResponse', 'responderPrincipals', 1], `"${outside}" is not in the security-log account 222222222222 (allowed: its IAM users and roles)`],
  ]);
});

test('a trusted outside account cannot be given an exempt role or be an account of the organization', () => {
  const config = defaultConfig();
  const trustedAccounts = [
    { name: 'vendor', accountId: '333333333333', roleNames: ['LandingZoneBreakGlass', 'cdk-slz-cfn-exec-role-x', 'stacksets-exec-abc', 'VendorReadOnly'] },
  ];
  expect(crossCheck({ ...config, guardrails: { ...config.guardrails, trustedAccounts } })).toEqual([
    [['guardrails', 'trustedAccounts', 0, 'accountId'], '"333333333333" is an account of this organization (allowed: an outside account)'],
    [['guardrails', 'trustedAccounts', 0, 'roleNames', 0], '"LandingZoneBreakGlass" is the break-glass role (organization.privilegedRoleName), which the guardrails exempt (allowed: a role of the vendor\'s own)'],
    [['guardrails', 'trustedAccounts', 0, 'roleNames', 1], '"cdk-slz-cfn-exec-role-x" is a role of the landing zone\'s bootstrap (cdk-slz-*), which the guardrails exempt (allowed: a role of the vendor\'s own)'],
    [['guardrails', 'trustedAccounts', 0, 'roleNames', 2], '"stacksets-exec-abc" is the StackSet execution role (stacksets-exec-*), which the guardrails exempt (allowed: a role of the vendor\'s own)'],
  ]);
});

test('natGateways: transit needs a transit gateway and cannot be combined with the VPC\'s own firewall', () => {
  const config = defaultConfig();
  const lonely = { ...config.network.demo, natGateways: 'transit' as const };
  expect(crossCheck({ ...config, network: { ...config.network, demo: lonely } })).toContainEqual([
    ['network', 'demo', 'natGateways'],
    expect.stringMatching(/"transit" sends egress through the transit gateway: set transitGateway/),
  ]);
  const filtered = { ...lonely, transitGateway: { id: 'tgw-0123456789abcdef0', vpnBgpAsn: 65000, officeCidrs: [] }, firewall: { allowedDomains: ['.amazonaws.com'], suricataRules: [] } };
  const problems = crossCheck({ ...config, network: { ...config.network, demo: filtered } });
  expect(problems).toContainEqual([['network', 'demo', 'firewall'], expect.stringMatching(/with natGateways: transit, filter in the transit gateway's egress VPC/)]);
  expect(problems.filter(([p]) => p.join('.') === 'network.demo.natGateways')).toEqual([]);
});

describe('logging.replication.region', () => {
  const withReplica = (region: string, governedRegions?: string[]) => {
    const config = defaultConfig();
    return {
      ...config,
      organization: { ...config.organization, governedRegions: governedRegions ?? config.organization.governedRegions },
      logging: { ...config.logging, replication: { region } },
    };
  };
  const path = ['logging', 'replication', 'region'];

  test('a governed region of the home region group passes', () => {
    expect(crossCheck(withReplica('eu-central-1'))).toEqual([]);
  });

  test('the home region is refused, naming the regions allowed', () => {
    expect(crossCheck(withReplica('eu-west-1'))).toEqual([[path, '"eu-west-1" is the home region: a replica must be in another region (allowed: eu-central-1)']]);
  });

  test('a region outside the governed regions is refused', () => {
    expect(crossCheck(withReplica('eu-north-1'))).toEqual([
      [path, '"eu-north-1" is not one of organization.governedRegions (eu-west-1, eu-central-1): the SCPs deny every other region (allowed: eu-central-1)'],
    ]);
  });

  test('a governed region of another region group is refused, saying what a group is', () => {
    expect(crossCheck(withReplica('us-east-1', ['eu-west-1', 'eu-central-1', 'us-east-1']))).toEqual([
      [
        path,
        "\"us-east-1\" is in region group aws/us, not the home region eu-west-1's aws/eu (a group is the partition plus the region name's prefix before the first '-'; replicas stay in it for data residency; allowed: eu-central-1)",
      ],
    ]);
  });
});
