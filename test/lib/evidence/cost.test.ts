import { configRuleUsage, costChange, costReports, estimateCost, fixedUnits, loadPrices, renderCostMarkdown, type CostAccount, type PriceList } from '../../../lib/evidence/cost';
import { indexResources } from '../../../lib/evidence/resources';
import { stackOf } from './fixtures';
import { ACTIVITY_PROFILES, USAGE_ASSUMPTIONS, estimateUsage, renderUsageMarkdown } from '../../../lib/evidence/cost-usage';
import { centralEgressCost, renderShapesMarkdown, shapeCost, vpcShapes } from '../../../lib/evidence/cost-shapes';
import * as fs from 'fs';
import * as path from 'path';

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
    expect(md).toContain(`| prod | eu-west-1 | NAT gateway | 730 | $${prices.items.natGatewayHour.price} per NAT gateway-hour${prices.items.natGatewayHour.confirmed ? '' : ' *'} |`);
    expect(md).toContain('| prod | eu-west-1 | KMS key | 3 | $1.00 per customer-managed KMS key-month | $3.00 |');
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

describe('each resource is priced at its own region\'s list', () => {
  const frankfurt = loadPrices('eu-central-1') as PriceList;
  const nat = { Type: 'AWS::EC2::NatGateway', Properties: {} };
  const stacks = [
    stackOf({ Nat: nat }, 'acme-network-prod-prod-eu-west-1', '333333333333'),
    { ...stackOf({ Nat: nat }, 'acme-network-prod-prod-eu-central-1', '333333333333'), region: 'eu-central-1' },
    stackOf({
      Set: { Type: 'AWS::CloudFormation::StackSet', Properties: {
        PermissionModel: 'SERVICE_MANAGED',
        StackInstancesGroup: [{ Regions: ['eu-west-1', 'eu-central-1'], DeploymentTargets: { OrganizationalUnitIds: ['r-a1b2'] } }],
        TemplateBody: JSON.stringify({ Resources: { Nat: nat } }),
      } },
    }, 'base', '111111111111'),
  ];
  const e = estimateCost(stacks, prices, accounts, loadPrices);
  const line = (account: string, region: string) => e.lines.find((l) => l.account === account && l.region === region && l.item === 'natGatewayHour');

  test('a Frankfurt NAT gateway costs the Frankfurt rate, an Irish one the Irish rate, StackSet instances each their region\'s', () => {
    expect(frankfurt.items.natGatewayHour.price).not.toBe(prices.items.natGatewayHour.price);
    expect(line('prod', 'eu-central-1')).toMatchObject({ quantity: 1460, unitPrice: frankfurt.items.natGatewayHour.price }); // own + StackSet instance
    expect(line('prod', 'eu-west-1')).toMatchObject({ quantity: 1460, unitPrice: prices.items.natGatewayHour.price });
    expect(e.priceLists.map((l) => l.region)).toEqual(['eu-west-1', 'eu-central-1']);
  });

  test('without regional lists everything is priced at the home list (the pure default)', () => {
    const home = estimateCost(stacks, prices, accounts);
    expect(new Set(home.lines.map((l) => l.region))).toEqual(new Set(['eu-west-1']));
    expect(home.total).toBeLessThan(e.total);
  });
});

describe('price lists', () => {
  // The default config's governed regions plus the regions issue 18 names.
  const REGIONS = ['eu-west-1', 'eu-central-1', 'us-east-1', 'us-west-2', 'eu-west-2', 'ap-southeast-2'];
  const home = loadPrices('eu-west-1') as PriceList;

  test.each(REGIONS)('%s: dated, its source named, the same fixed and usage items as the home list, every price a positive number', (region) => {
    const list = loadPrices(region) as PriceList;
    expect(list.region).toBe(region);
    expect(list.retrieved).toMatch(/^20\d\d-\d\d-\d\d$/);
    expect(list.source.length).toBeGreaterThan(40);
    expect(Object.keys(list.items).sort()).toEqual(Object.keys(home.items).sort());
    expect(Object.keys(list.usage ?? {}).sort()).toEqual(Object.keys(USAGE_ASSUMPTIONS).sort());
    for (const item of [...Object.values(list.items), ...Object.values(list.usage ?? {})]) {
      expect(item.price).toBeGreaterThan(0);
      expect(item.source).toMatch(/^https:\/\/aws\.amazon\.com\//);
    }
  });

  test('no file in prices/ that is not a region list', () => {
    const files = fs.readdirSync(path.join(__dirname, '../../../lib/evidence/prices')).sort();
    expect(files).toEqual(REGIONS.map((r) => `${r}.json`).sort());
  });
});

describe('usage-based estimate', () => {
  const u = estimateUsage(prices);

  test('prices every item at the list rate for each profile; totals are the sums; medium and large are 10x and 100x small', () => {
    expect(u.unpriced).toEqual([]);
    for (const l of u.lines) {
      l.byProfile.forEach((b, i) => expect(b.monthly).toBeCloseTo(ACTIVITY_PROFILES[i].quantities[l.item] * l.price.price, 2));
    }
    u.totals.forEach((t, i) => expect(t).toBeCloseTo(u.lines.reduce((s, l) => s + l.byProfile[i].monthly, 0), 2));
    expect(u.totals[1]).toBeCloseTo(u.totals[0] * 10, 0);
    expect(u.totals[2]).toBeCloseTo(u.totals[0] * 100, -1);
  });

  test('the table states every assumption and marks unconfirmed prices', () => {
    const md = renderUsageMarkdown(u).join('\n');
    for (const p of ACTIVITY_PROFILES) expect(md).toContain(`**${p.name}**: ${p.who}`);
    for (const l of u.lines) expect(md).toContain(`- ${l.price.name}: ${USAGE_ASSUMPTIONS[l.item]}`);
    expect(md).toContain('| CloudTrail data events | $0.1 per 100,000 events delivered | 2,000,000: $2.00 |');
  });
});

describe('cost per added VPC', () => {
  const shapes = vpcShapes(730);
  const cost = (i: number) => shapeCost(shapes[i], prices).monthly;
  const i = prices.items;
  const bastion = 730 * prices.instanceHour.prices['t4g.micro'];

  test("prod's shape: three NAT gateways with their addresses, four endpoints in three AZs, the bastion", () => {
    expect(cost(0)).toBeCloseTo(730 * (3 * (i.natGatewayHour.price + i.publicIpv4Hour.price) + 12 * i.interfaceEndpointAzHour.price) + bastion, 1);
  });

  test('egress through the transit gateway costs one attachment per VPC; the egress VPC once per region; every price known', () => {
    expect(cost(2)).toBeCloseTo(730 * i.transitGatewayAttachmentHour.price + bastion, 1);
    expect(centralEgressCost(prices)).toBeCloseTo(730 * (2 * (i.natGatewayHour.price + i.publicIpv4Hour.price) + i.transitGatewayAttachmentHour.price), 1);
    for (const s of shapes) expect(shapeCost(s, prices).missing).toEqual([]);
  });

  test('the page states where the transit option pays for itself', () => {
    const md = renderShapesMarkdown(prices).join('\n');
    const breakEven = Math.ceil(centralEgressCost(prices) / (cost(0) - cost(2)));
    expect(md).toContain(breakEven === 1 ? "pays for itself from the first VPC of prod's shape" : `pays for itself from ${breakEven} VPCs of prod's shape`);
    expect(md).toContain('`natGateways: transit, transitGateway: { id }');
  });
});

test("an environment-agnostic stack (a StackSet's template) is counted only through its StackSet", () => {
  const template = { ...stackOf({ Key: { Type: 'AWS::KMS::Key', Properties: {} } }, 'base/StackSetTemplates/AccountBaseline'), account: undefined, region: undefined };
  expect(estimateCost([template], prices, accounts).lines).toEqual([]);
});
