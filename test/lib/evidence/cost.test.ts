import { configRuleUsage, costChange, costReports, estimateCost, fixedUnits, loadPrices, renderCostMarkdown, type CostAccount, type PriceList } from '../../../lib/evidence/cost';
import { indexResources } from '../../../lib/evidence/resources';
import { stackOf } from './fixtures';

const prices = loadPrices('eu-west-1') as PriceList;
const accounts: CostAccount[] = [
  { name: 'management', id: '111111111111', role: 'management' },
  { name: 'security-log', id: '222222222222', role: 'security-log' },
  { name: 'prod', id: '333333333333', role: 'workload' },
];
const R = (Type: string, Properties: any = {}) => ({ Type, Properties });

test('the price list is dated, sourced and says which prices are unconfirmed', () => {
  expect(prices.retrieved).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  expect(prices.source).toMatch(/confirmed=false/);
  for (const item of Object.values(prices.items)) {
    expect(item.source).toMatch(/^https:\/\/aws\.amazon\.com\//);
    expect(typeof item.confirmed).toBe('boolean');
  }
});

test('an interface endpoint is billed per AZ: one per subnet', () => {
  const [endpoint] = indexResources([stackOf({ E: R('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Interface', SubnetIds: ['a', 'b', 'c'] }) })]);
  expect(fixedUnits(endpoint, 730)).toEqual([{ item: 'interfaceEndpointAzHour', quantity: 2190 }]);
  const [gateway] = indexResources([stackOf({ G: R('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Gateway' }) })]);
  expect(fixedUnits(gateway, 730)).toEqual([]);
});

test('a VPN to a transit gateway costs the connection and a TGW attachment', () => {
  const [vpn] = indexResources([stackOf({ V: R('AWS::EC2::VPNConnection', { TransitGatewayId: 'tgw-0123456789abcdef0' }) })]);
  expect(fixedUnits(vpn, 730).map((u) => u.item)).toEqual(['vpnConnectionHour', 'transitGatewayAttachmentHour']);
});

describe('a small synthetic landing zone', () => {
  const stacks = [
    stackOf({ Nat: R('AWS::EC2::NatGateway'), Eip: R('AWS::EC2::EIP'), Key: R('AWS::KMS::Key'), Fw: R('AWS::NetworkFirewall::Firewall', { SubnetMappings: [{}, {}] }) }, 'net', '333333333333'),
    stackOf({
      Alarm: R('AWS::CloudWatch::Alarm'),
      Set: R('AWS::CloudFormation::StackSet', {
        PermissionModel: 'SERVICE_MANAGED',
        StackInstancesGroup: [{ Regions: ['eu-west-1', 'eu-central-1'], DeploymentTargets: { OrganizationalUnitIds: ['r-a1b2'] } }],
        TemplateBody: JSON.stringify({ Resources: { Key: { Type: 'AWS::KMS::Key' }, Bastion: { Type: 'AWS::EC2::Instance', Properties: { InstanceType: 'm7i.48xlarge' } } } }),
      }),
    }, 'base', '111111111111'),
  ];
  const e = estimateCost(stacks, prices, accounts);

  test('counts each resource in its account, StackSet resources once per member account and region', () => {
    const line = (account: string, item: string) => e.lines.find((l) => l.account === account && l.item === item);
    expect(line('prod', 'natGatewayHour')).toMatchObject({ quantity: 730, monthly: Math.round(730 * prices.items.natGatewayHour.price * 100) / 100 });
    expect(line('prod', 'networkFirewallEndpointHour')?.quantity).toBe(1460);
    expect(line('prod', 'kmsKeyMonth')?.quantity).toBe(3); // own key + StackSet key in 2 regions
    expect(line('security-log', 'kmsKeyMonth')?.quantity).toBe(2);
    expect(line('management', 'kmsKeyMonth')).toBeUndefined(); // service-managed StackSets skip the management account
    expect(line('management', 'cloudWatchAlarmMonth')?.quantity).toBe(1);
  });

  test('the total equals the sum of the per-account figures and of the lines', () => {
    const sum = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) * 100) / 100;
    expect(e.total).toBe(sum(Object.values(e.perAccount)));
    expect(e.total).toBe(sum(e.lines.map((l) => l.monthly)));
  });

  test('the table names each item with its unit price at full precision, marking unconfirmed prices', () => {
    const md = renderCostMarkdown(e, prices, 3);
    expect(md).toContain(`| prod | NAT gateway | 730 | $${prices.items.natGatewayHour.price} per NAT gateway-hour${prices.items.natGatewayHour.confirmed ? '' : ' *'} |`);
    expect(md).toContain('| prod | KMS key | 3 | $1.00 per customer-managed KMS key-month | $3.00 |');
  });

  test('an instance type without a price is listed as not priced, never guessed', () => {
    expect(e.notPriced.map((n) => n.description)).toEqual(['EC2 instance m7i.48xlarge (no price in the price list)']);
    expect(renderCostMarkdown(e, prices, 3)).toContain('## Fixed costs not priced');
  });

  test('usage-based charges are named for the services present', () => {
    expect(e.usageBased).toEqual(expect.arrayContaining([expect.stringMatching(/^NAT gateway data processing/), expect.stringMatching(/^Network Firewall/)]));
    expect(e.usageBased.some((u) => /Athena/.test(u))).toBe(false);
  });
});

test('a home region without a price list says so instead of estimating', () => {
  const [md] = costReports('ap-south-2', accounts);
  expect(md.render([], {} as any)).toMatch(/No price list for ap-south-2/);
});

test('Config rules and conformance packs are counted per account and named as usage (billed per evaluation)', () => {
  const resources = indexResources([
    stackOf({ Rule: R('AWS::Config::OrganizationConfigRule'), Pack: R('AWS::Config::OrganizationConformancePack'), Local: R('AWS::Config::ConfigRule') }),
  ]);

  expect(configRuleUsage(resources, 4)).toEqual([
    'AWS Config evaluations (per evaluation): 1 organization-wide rules and 1 conformance packs in each of 4 accounts (8 rule/pack deployments per governed region they run in)',
    'AWS Config evaluations (per evaluation): 1 account rules and 0 conformance packs in the stacks that declare them',
  ]);
  expect(configRuleUsage(indexResources([stackOf({})]), 4)).toEqual([]);
});

test('a change that doubles the fixed monthly cost is flagged; a small one is not', () => {
  const one = estimateCost([stackOf({ Nat: R('AWS::EC2::NatGateway') }, 'n', '333333333333')], prices, accounts);
  const three = estimateCost([stackOf({ A: R('AWS::EC2::NatGateway'), B: R('AWS::EC2::NatGateway'), C: R('AWS::EC2::NatGateway') }, 'n', '333333333333')], prices, accounts);
  const withKey = estimateCost([stackOf({ Nat: R('AWS::EC2::NatGateway'), K: R('AWS::KMS::Key') }, 'n', '333333333333')], prices, accounts);
  expect(costChange(one, three)).toEqual({ doubled: true, message: expect.stringMatching(/\(\+200%\): at least doubled, review cdk.out\/cost.md$/) });
  expect(costChange(one, withKey).doubled).toBe(false);
});
