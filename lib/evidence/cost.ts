/**
 * The monthly fixed-cost estimate: what the templates provision, counted and priced at the list prices
 * kept as dated data in `prices/<region>.json`, per account and in total. Usage-based charges are named
 * (so nobody is surprised) but never guessed.
 */
import type { SynthesizedStack, SynthReport } from '../template';
import { loadPrices, type PriceList } from './price-list';
import { renderShapesMarkdown } from './cost-shapes';
import { estimateUsage, renderUsageMarkdown } from './cost-usage';
import { asList, indexResources, type IndexedResource, type ResourceRef, type StackTemplate } from './resources';

export type { PriceItem, PriceList } from './price-list';
export { loadPrices } from './price-list';

/** Accounts as the estimate needs them: who owns which stack, who receives StackSet instances. */
export interface CostAccount {
  readonly name: string;
  readonly id?: string;
  readonly role: string;
}

export interface CostLine {
  readonly account: string;
  /** Region whose price list priced the line (the resource's region, or the home list when none exists for it). */
  readonly region: string;
  /** Price-list key, or `instance:<type>`. */
  readonly item: string;
  readonly description: string;
  /** Billing unit of `quantity`, e.g. `per NAT gateway-hour`. */
  readonly unit: string;
  readonly quantity: number;
  readonly unitPrice: number;
  readonly monthly: number;
  readonly confirmedPrice: boolean;
  readonly resources: ResourceRef[];
}

export interface CostEstimate {
  readonly region: string;
  /** Every price list the lines used (home first), with its retrieval date. */
  readonly priceLists: { readonly region: string; readonly retrieved: string }[];
  readonly currency: string;
  readonly retrieved: string;
  readonly lines: CostLine[];
  readonly perAccount: Record<string, number>;
  readonly total: number;
  /** Resources that cost money at a fixed rate this price list does not carry. */
  readonly notPriced: { readonly description: string; readonly resources: ResourceRef[] }[];
  /** Usage-based charges the provisioned services incur, named, not estimated. */
  readonly usageBased: string[];
}

interface Unit {
  readonly item: string;
  /** Billing units per month (hours for hourly items, 1 for monthly ones). */
  readonly quantity: number;
}

/** What one resource costs per month at fixed rates, as price-list units. */
export function fixedUnits(r: IndexedResource, hours: number): Unit[] {
  const p = r.properties;
  switch (r.type) {
    case 'AWS::EC2::NatGateway':
      return [{ item: 'natGatewayHour', quantity: hours }];
    case 'AWS::EC2::EIP':
      return [{ item: 'publicIpv4Hour', quantity: hours }];
    case 'AWS::EC2::VPCEndpoint':
      return p.VpcEndpointType === 'Interface' ? [{ item: 'interfaceEndpointAzHour', quantity: hours * Math.max(1, asList(p.SubnetIds).length) }] : [];
    case 'AWS::NetworkFirewall::Firewall':
      return [{ item: 'networkFirewallEndpointHour', quantity: hours * Math.max(1, asList(p.SubnetMappings).length) }];
    case 'AWS::EC2::VPNConnection':
      return [
        { item: 'vpnConnectionHour', quantity: hours },
        ...(p.TransitGatewayId ? [{ item: 'transitGatewayAttachmentHour', quantity: hours }] : []),
      ];
    case 'AWS::EC2::TransitGatewayAttachment':
    case 'AWS::EC2::TransitGatewayVpcAttachment':
      return [{ item: 'transitGatewayAttachmentHour', quantity: hours }];
    case 'AWS::KMS::Key':
    case 'AWS::KMS::ReplicaKey':
      return [{ item: 'kmsKeyMonth', quantity: 1 }];
    case 'AWS::CloudWatch::Alarm':
      return [{ item: 'cloudWatchAlarmMonth', quantity: Math.max(1, asList(p.Metrics).filter((m: any) => m?.MetricStat).length) }];
    case 'AWS::CloudWatch::Dashboard':
      return [{ item: 'cloudWatchDashboardMonth', quantity: 1 }];
    case 'AWS::SecretsManager::Secret':
      return [{ item: 'secretMonth', quantity: 1 }];
    case 'AWS::Route53::HostedZone':
      return [{ item: 'hostedZoneMonth', quantity: 1 }];
    case 'AWS::Route53Resolver::ResolverEndpoint':
      return [{ item: 'resolverEndpointEniHour', quantity: hours * Math.max(1, asList(p.IpAddresses).length) }];
    case 'AWS::EC2::Instance':
      return [{ item: `instance:${typeof p.InstanceType === 'string' ? p.InstanceType : 'unknown'}`, quantity: hours }];
    default:
      return [];
  }
}

/** Usage-based charges by resource type: named so they are budgeted, never estimated here. */
const USAGE: Record<string, string> = {
  'AWS::EC2::NatGateway': 'NAT gateway data processing (per GB, both directions) and internet data transfer out',
  'AWS::EC2::VPCEndpoint': 'interface endpoint data processing (per GB)',
  'AWS::EC2::TransitGatewayVpcAttachment': 'transit gateway data processing (per GB)',
  'AWS::NetworkFirewall::Firewall': 'Network Firewall traffic processed (per GB)',
  'AWS::EC2::VPNConnection': 'data transfer out over the VPN (per GB)',
  'AWS::EC2::FlowLog': 'VPC flow logs delivery (vended logs, per GB) and storage',
  'AWS::Route53Resolver::ResolverQueryLoggingConfig': 'Route 53 Resolver query logs delivery (vended logs, per GB)',
  'AWS::CloudTrail::Trail': 'CloudTrail data events (per 100,000) and additional copies of management events; the first copy is free',
  'AWS::Logs::LogGroup': 'CloudWatch Logs ingestion and storage (per GB)',
  'AWS::S3::Bucket': 'S3 storage, requests and lifecycle transitions (log archive grows with activity)',
  'AWS::KMS::Key': 'KMS requests beyond the free tier (per 10,000)',
  'AWS::Config::ConfigurationRecorder': 'AWS Config configuration items recorded (per item)',
  'AWS::GuardDuty::Detector': 'GuardDuty analysis per protection plan (events, GB, vCPU-hours)',
  'AWS::SecurityHub::Hub': 'Security Hub security checks and finding ingestion',
  'AWS::SecurityHub::OrganizationConfiguration': 'Security Hub security checks and finding ingestion in every account',
  'AWS::Inspector2::Enabler': 'Inspector scans (per instance, image and function)',
  'AWS::AccessAnalyzer::Analyzer': 'IAM Access Analyzer unused-access analysis (per role/user monitored), if an unused-access analyzer exists',
  'AWS::Athena::WorkGroup': 'Athena queries (per TB scanned, capped by the workgroup cutoff)',
  'AWS::SNS::Topic': 'SNS publishes and deliveries',
  'AWS::Lambda::Function': 'Lambda invocations (custom resources: a few per deploy)',
  'AWS::Macie::Session': 'Macie bucket monitoring and data inspected',
  'AWS::Detective::Graph': 'Detective data ingested (per GB)',
};

/** Accounts that receive one stack instance of a StackSet per region: member accounts for service-managed sets. */
function stackSetTargets(stackSet: IndexedResource | undefined, accounts: readonly CostAccount[]): { accounts: string[]; regions: (string | undefined)[] } {
  const groups = asList<any>(stackSet?.properties.StackInstancesGroup);
  const listedRegions = [...new Set(groups.flatMap((g) => asList<string>(g?.Regions).filter((x) => typeof x === 'string')))];
  const regions = listedRegions.length > 0 ? listedRegions : [stackSet?.region];
  const listed = groups.flatMap((g) => asList<string>(g?.DeploymentTargets?.Accounts).filter((x) => typeof x === 'string'));
  const named = listed.length > 0 ? accounts.filter((a) => a.id && listed.includes(a.id)).map((a) => a.name) : [];
  // Service-managed StackSets deploy to OUs and never to the management account.
  return { accounts: named.length > 0 ? named : accounts.filter((a) => a.role !== 'management').map((a) => a.name), regions };
}

/**
 * Counts and prices what `stacks` provision. Pure: prices and accounts are passed in. Each resource is priced
 * at its own region's list when `regional` has one (NAT gateways cost 31% more in Sydney than in Virginia),
 * otherwise at `prices` (the home region's).
 */
export function estimateCost(
  stacks: readonly StackTemplate[],
  prices: PriceList,
  accounts: readonly CostAccount[],
  regional: (region: string) => PriceList | undefined = () => undefined,
): CostEstimate {
  const listFor = (region: string | undefined): PriceList => (region && region !== prices.region ? regional(region) : undefined) ?? prices;
  const resources = indexResources(stacks);
  const byId = new Map(accounts.filter((a) => a.id).map((a) => [a.id!, a.name]));
  const stackSets = new Map(resources.filter((r) => r.type === 'AWS::CloudFormation::StackSet').map((r) => [`${r.stack}/${r.logicalId}`, r]));
  const lines = new Map<string, CostLine>();
  const notPriced = new Map<string, ResourceRef[]>();
  const add = (account: string, unit: Unit, r: IndexedResource, region: string | undefined) => {
    const list = listFor(region);
    const instanceType = unit.item.startsWith('instance:') ? unit.item.slice('instance:'.length) : undefined;
    const price = instanceType ? list.instanceHour.prices[instanceType] : list.items[unit.item]?.price;
    if (price === undefined) {
      const key = instanceType ? `EC2 instance ${instanceType} (no price in the price list)` : `${unit.item} (no price in the price list)`;
      notPriced.set(key, [...(notPriced.get(key) ?? []), { stack: r.stack, logicalId: r.logicalId }]);
      return;
    }
    const key = `${account}\u0000${list.region}\u0000${unit.item}`;
    const prev = lines.get(key);
    const quantity = (prev?.quantity ?? 0) + unit.quantity;
    lines.set(key, {
      account,
      region: list.region,
      item: unit.item,
      description: instanceType ? `EC2 instance ${instanceType}` : list.items[unit.item].name,
      unit: instanceType ? 'per instance-hour (on-demand Linux)' : list.items[unit.item].unit,
      quantity,
      unitPrice: price,
      monthly: round(quantity * price),
      confirmedPrice: instanceType ? list.instanceHour.confirmed : list.items[unit.item].confirmed,
      resources: [...(prev?.resources ?? []), { stack: r.stack, logicalId: r.logicalId }],
    });
  };
  for (const r of resources) {
    const units = fixedUnits(r, prices.hoursPerMonth);
    if (units.length === 0) continue;
    if (r.stackSet) {
      const targets = stackSetTargets(stackSets.get(`${r.stack}/${r.stackSet}`), accounts);
      for (const account of targets.accounts) for (const region of targets.regions) for (const u of units) add(account, u, r, region);
    } else {
      // An environment-agnostic stack is a StackSet's template (its Stage copy): what it holds is counted through
      // the StackSet's body, once per member account and region, so counting it here would count it twice.
      if (!r.account) continue;
      const account = byId.get(r.account) ?? r.account;
      for (const u of units) add(account, u, r, r.region);
    }
  }
  const sorted = [...lines.values()].sort((a, b) => a.account.localeCompare(b.account) || a.region.localeCompare(b.region) || b.monthly - a.monthly);
  const perAccount: Record<string, number> = Object.fromEntries(accounts.map((a) => [a.name, 0]));
  for (const l of sorted) perAccount[l.account] = round((perAccount[l.account] ?? 0) + l.monthly);
  const types = new Set(resources.map((r) => r.type));
  const used = [prices, ...[...new Set(sorted.map((l) => l.region))].filter((r) => r !== prices.region).sort().map((r) => listFor(r))];
  return {
    region: prices.region,
    priceLists: used.map((l) => ({ region: l.region, retrieved: l.retrieved })),
    currency: prices.currency,
    retrieved: prices.retrieved,
    lines: sorted,
    perAccount,
    total: round(sorted.reduce((sum, l) => sum + l.monthly, 0)),
    notPriced: [...notPriced.entries()].map(([description, refs]) => ({ description, resources: refs })),
    usageBased: [
      ...Object.entries(USAGE)
        .filter(([type]) => types.has(type))
        .map(([, text]) => text),
      ...configRuleUsage(resources, accounts.length),
    ],
  };
}

/**
 * AWS Config rules and conformance packs bill per evaluation (not per rule-month), so they are counted
 * per account here and named as usage: organization rules and packs run in every account.
 */
export function configRuleUsage(resources: readonly IndexedResource[], accountCount: number): string[] {
  const n = (type: string, inStackSet?: boolean) => resources.filter((r) => r.type === type && (inStackSet === undefined || !!r.stackSet === inStackSet)).length;
  const orgRules = n('AWS::Config::OrganizationConfigRule') + n('AWS::Config::ConfigRule', true);
  const orgPacks = n('AWS::Config::OrganizationConformancePack') + n('AWS::Config::ConformancePack', true);
  const rules = n('AWS::Config::ConfigRule', false);
  const packs = n('AWS::Config::ConformancePack', false);
  const out: string[] = [];
  if (orgRules + orgPacks > 0) {
    out.push(
      `AWS Config evaluations (per evaluation): ${orgRules} organization-wide rules and ${orgPacks} conformance packs in each of ${accountCount} accounts ` +
        `(${(orgRules + orgPacks) * accountCount} rule/pack deployments per governed region they run in)`,
    );
  }
  if (rules + packs > 0) out.push(`AWS Config evaluations (per evaluation): ${rules} account rules and ${packs} conformance packs in the stacks that declare them`);
  return out;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

export function renderCostMarkdown(e: CostEstimate, prices: PriceList, accountCount: number): string {
  const money = (n: number) => `$${n.toFixed(2)}`;
  // Unit prices keep their precision ($0.048 an hour is not $0.05).
  const unitMoney = (n: number) => `$${n < 1 ? String(n) : n.toFixed(2)}`;
  const unconfirmed = e.lines.some((l) => !l.confirmedPrice);
  return [
    '# Monthly cost estimate',
    '',
    `Fixed monthly cost at ${e.currency} list prices of each resource's region (price lists: ` +
      `${e.priceLists.map((l) => `${l.region} retrieved ${l.retrieved}`).join(', ')}; ` +
      `${prices.hoursPerMonth} hours a month; no free tier, no discounts), counted from the synthesized templates ` +
      `(StackSet resources once per member account and region; ${accountCount} account${accountCount === 1 ? '' : 's'} in config).`,
    ...(unconfirmed ? ['', 'Prices marked * could not be confirmed against the AWS pricing page when the price list was written: see `lib/evidence/prices/`.'] : []),
    '',
    ...(e.lines.length
      ? [
          '| account | region | item | quantity | unit price | monthly |',
          '|---|---|---|--:|---|--:|',
          ...e.lines.map(
            (l) =>
              `| ${l.account} | ${l.region} | ${l.description} | ${l.quantity} | ${unitMoney(l.unitPrice)} ${l.unit}${l.confirmedPrice ? '' : ' *'} | ${money(l.monthly)} |`,
          ),
        ]
      : ['Nothing in the templates has a fixed monthly price.']),
    '',
    '| account | monthly |',
    '|---|--:|',
    ...Object.entries(e.perAccount).map(([a, v]) => `| ${a} | ${money(v)} |`),
    `| **total** | **${money(e.total)}** |`,
    '',
    ...(e.notPriced.length
      ? ['## Fixed costs not priced', '', ...e.notPriced.map((n) => `- ${n.description}: ${n.resources.map((r) => `\`${r.stack}/${r.logicalId}\``).join(', ')}`), '']
      : []),
    ...renderShapesMarkdown(prices),
    ...renderUsageMarkdown(estimateUsage(prices)),
    '## Usage-based costs of the services provisioned',
    '',
    ...(e.usageBased.length ? ['These grow with activity and are not in the fixed total:', '', ...e.usageBased.map((u) => `- ${u}`)] : ['None of the services provisioned bills by usage.']),
    '',
  ].join('\n');
}

/** `cost.md` and `cost.json` for the home region's price list. */
export function costReports(homeRegion: string, accounts: readonly CostAccount[]): SynthReport[] {
  const prices = loadPrices(homeRegion);
  const missing = `# Monthly cost estimate\n\nNo price list for ${homeRegion} in lib/evidence/prices/: add one to get an estimate.\n`;
  // Both files of one synth read the same stacks: the estimate is computed once for both.
  const estimates = new WeakMap<readonly SynthesizedStack[], ReturnType<typeof estimateCost>>();
  const estimate = (stacks: readonly SynthesizedStack[], p: PriceList) => {
    let e = estimates.get(stacks);
    if (!e) estimates.set(stacks, (e = estimateCost(stacks, p, accounts, loadPrices)));
    return e;
  };
  return [
    {
      fileName: 'cost.md',
      render: (stacks) => (prices ? renderCostMarkdown(estimate(stacks, prices), prices, accounts.length) : missing),
    },
    {
      fileName: 'cost.json',
      render: (stacks) => `${JSON.stringify(prices ? estimate(stacks, prices) : { region: homeRegion, error: 'no price list' }, null, 2)}\n`,
    },
  ];
}

/**
 * One line comparing the released estimate with the current one, for the PR check. A change that at
 * least doubles the fixed monthly cost is flagged so a reviewer sees it before merging.
 */
export function costChange(before: CostEstimate, after: CostEstimate): { message: string; doubled: boolean } {
  const money = (n: number) => `$${n.toFixed(2)}`;
  const delta = round(after.total - before.total);
  const pct = before.total > 0 ? ` (${delta >= 0 ? '+' : ''}${Math.round((delta / before.total) * 100)}%)` : '';
  const doubled = after.total >= 2 * before.total && delta > 0;
  return {
    message: `fixed monthly cost: released ${money(before.total)} → now ${money(after.total)}${pct}${doubled ? ': at least doubled, review cdk.out/cost.md' : ''}`,
    doubled,
  };
}
