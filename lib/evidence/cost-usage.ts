/**
 * What grows with use, estimated at three stated levels of activity (small, medium, large organization), at the
 * home region's list prices (`prices/<region>.json`, `usage`). The fixed estimate (`cost.ts`) counts what the
 * templates provision; this one cannot count anything, so every quantity is an assumption, written next to it.
 */
import type { PriceItem, PriceList } from './price-list';

/** One activity level: what an organization of that size does in a month. */
export interface ActivityProfile {
  readonly name: 'small' | 'medium' | 'large';
  /** Who this is, in words (the assumptions in one line). */
  readonly who: string;
  readonly quantities: Readonly<Record<UsageItem, number>>;
}

/** The usage price keys the estimate prices (each in every `prices/<region>.json`). */
export type UsageItem =
  | 'natGatewayGb'
  | 'dataTransferOutGb'
  | 'interfaceEndpointGb'
  | 'vendedLogsS3Gb'
  | 'cloudTrailDataEvents100k'
  | 'configItem'
  | 'configRuleEvaluation'
  | 'guardDutyEventsMillion'
  | 'guardDutyFlowDnsGb'
  | 'securityHubCheck'
  | 'inspectorEc2InstanceMonth'
  | 'cloudWatchLogsIngestGb'
  | 's3StandardGbMonth'
  | 's3GlacierIrGbMonth'
  | 's3PutRequests1k'
  | 'kmsRequests10k'
  | 'athenaTb';

/** Why each quantity is what it is, per item (shown under the table). */
export const USAGE_ASSUMPTIONS: Readonly<Record<UsageItem, string>> = {
  natGatewayGb: 'private tiers reach the internet (package mirrors, SaaS APIs, container images not in ECR) through NAT',
  dataTransferOutGb: 'half of the NAT traffic leaves AWS (the rest is responses coming in, which are free)',
  interfaceEndpointGb: "the isolated tiers' calls to KMS, CloudWatch Logs, STS and Secrets Manager through prod's endpoints",
  vendedLogsS3Gb: 'flow logs of ALL traffic plus Resolver query logs: roughly 5% of the bytes they describe',
  cloudTrailDataEvents100k: 'S3 object writes of every bucket plus reads of the landing-zone log buckets (the default `logging.s3DataEvents`)',
  configItem: 'one configuration item per resource change, about 50 changes per account a day for the small profile',
  configRuleEvaluation: 'conformance-pack and organization rules re-evaluated on every change and daily',
  guardDutyEventsMillion: 'CloudTrail management events of every account and region (the trail records about the same number)',
  guardDutyFlowDnsGb: 'GuardDuty analyses flow and DNS logs from its own stream, about the volume the archive receives',
  securityHubCheck: 'about 250 controls run against each resource on change and periodically',
  inspectorEc2InstanceMonth: 'instances scanned continuously (containers and functions not counted)',
  cloudWatchLogsIngestGb: "the trail's CloudWatch Logs group for the CIS alarms: management events at about 1.5 KB each",
  s3StandardGbMonth: 'the archive keeps the last 90 days in S3 Standard (`logging.transitionToGlacierDays`)',
  s3GlacierIrGbMonth: 'older logs in Glacier Instant Retrieval, a year of them once the archive has run for one',
  s3PutRequests1k: 'log objects delivered to the archive, about 50,000 per account and region a month',
  kmsRequests10k: 'SSE-KMS data keys for every delivered log object and Athena read (S3 Bucket Keys cut this)',
  athenaTb: 'investigations and saved queries, capped per query by the workgroup cutoff',
};

const base = {
  natGatewayGb: 100,
  dataTransferOutGb: 50,
  interfaceEndpointGb: 20,
  vendedLogsS3Gb: 10,
  cloudTrailDataEvents100k: 20,
  configItem: 6_000,
  configRuleEvaluation: 50_000,
  guardDutyEventsMillion: 3,
  guardDutyFlowDnsGb: 10,
  securityHubCheck: 40_000,
  inspectorEc2InstanceMonth: 10,
  cloudWatchLogsIngestGb: 4.5,
  s3StandardGbMonth: 60,
  s3GlacierIrGbMonth: 240,
  s3PutRequests1k: 400,
  kmsRequests10k: 50,
  athenaTb: 0.1,
} satisfies Record<UsageItem, number>;

const scaled = (factor: number): Record<UsageItem, number> =>
  Object.fromEntries(Object.entries(base).map(([k, v]) => [k, Math.round(v * factor * 100) / 100])) as Record<UsageItem, number>;

/** Small: the default config's 4 accounts; medium and large: 10x and 100x the activity (20 and 200 accounts). */
export const ACTIVITY_PROFILES: readonly ActivityProfile[] = [
  { name: 'small', who: '4 accounts (the default config), 10 instances, 100 GB a month through NAT, 2 million S3 object writes', quantities: base },
  { name: 'medium', who: '20 accounts, 100 instances, 1 TB a month through NAT, 20 million S3 object writes', quantities: scaled(10) },
  { name: 'large', who: '200 accounts, 1,000 instances, 10 TB a month through NAT, 200 million S3 object writes', quantities: scaled(100) },
];

export interface UsageLine {
  readonly item: UsageItem;
  readonly price: PriceItem;
  /** Monthly quantity and cost per profile, in `ACTIVITY_PROFILES` order. */
  readonly byProfile: { readonly quantity: number; readonly monthly: number }[];
}

export interface UsageEstimate {
  readonly region: string;
  readonly retrieved: string;
  readonly lines: UsageLine[];
  /** Monthly total per profile. */
  readonly totals: number[];
  /** Items the price list has no usage price for (listed, not guessed). */
  readonly unpriced: UsageItem[];
}

const round = (n: number) => Math.round(n * 100) / 100;

/**
 * Prices every profile at `prices`' usage rates. First-tier rates throughout: AWS's volume tiers only get
 * cheaper, so the large profile is an upper bound.
 */
export function estimateUsage(prices: PriceList, profiles: readonly ActivityProfile[] = ACTIVITY_PROFILES): UsageEstimate {
  const items = Object.keys(USAGE_ASSUMPTIONS) as UsageItem[];
  const priced = items.filter((i) => prices.usage?.[i] !== undefined);
  const lines = priced.map((item) => {
    const price = prices.usage![item];
    return { item, price, byProfile: profiles.map((p) => ({ quantity: p.quantities[item], monthly: round(p.quantities[item] * price.price) })) };
  });
  return {
    region: prices.region,
    retrieved: prices.retrieved,
    lines,
    totals: profiles.map((_, i) => round(lines.reduce((sum, l) => sum + l.byProfile[i].monthly, 0))),
    unpriced: items.filter((i) => !priced.includes(i)),
  };
}

/** Billing quantity as the table shows it: data events in events, KMS requests in requests. */
function shown(item: UsageItem, quantity: number): string {
  const n = item === 'cloudTrailDataEvents100k' ? quantity * 100_000 : item === 'kmsRequests10k' ? quantity * 10_000 : item === 'guardDutyEventsMillion' ? quantity * 1e6 : quantity;
  return n.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

export function renderUsageMarkdown(u: UsageEstimate, profiles: readonly ActivityProfile[] = ACTIVITY_PROFILES): string[] {
  const money = (n: number) => `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  return [
    `## Usage-based estimate`,
    '',
    `What grows with activity, at ${u.region} list prices (retrieved ${u.retrieved}), for three assumed organizations; not in the fixed total. ` +
      "First-tier rates throughout (AWS's volume tiers only get cheaper), free tiers not applied. Quantities are assumptions, not measurements:",
    '',
    ...profiles.map((p) => `- **${p.name}**: ${p.who}.`),
    '',
    `| item | unit price | ${profiles.map((p) => p.name).join(' | ')} |`,
    `|---|---|${profiles.map(() => '--:').join('|')}|`,
    ...u.lines.map(
      (l) =>
        `| ${l.price.name} | $${l.price.price} ${l.price.unit}${l.price.confirmed ? '' : ' *'} | ${l.byProfile
          .map((b) => `${shown(l.item, b.quantity)}: ${money(b.monthly)}`)
          .join(' | ')} |`,
    ),
    `| **total** | | ${u.totals.map((t) => `**${money(t)}**`).join(' | ')} |`,
    '',
    'Why each quantity:',
    '',
    ...u.lines.map((l) => `- ${l.price.name}: ${USAGE_ASSUMPTIONS[l.item]}.`),
    ...(u.unpriced.length ? ['', `No usage price in the ${u.region} list for: ${u.unpriced.join(', ')}.`] : []),
    '',
  ];
}
