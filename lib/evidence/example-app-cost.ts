/**
 * The fixed monthly cost of `examples/product-app` (the "Example product app" section of docs/cost.md): what
 * its synthesized templates hold, priced per month. `test/lib/evidence/example-app-cost.test.ts` checks every
 * quantity against the synthesized app, so a change to the example that changes the bill fails until this
 * table follows. Prices from `lib/evidence/prices/eu-west-1.json` where it has them; the others from the
 * pricing page named in the row (marked `confirmed: false` when only third-party summaries could be read).
 */
export interface ExampleCostRow {
  /** Stable key the test matches against the synthesized resources. */
  readonly key: string;
  readonly item: string;
  /** How many (instances, keys, task-vCPUs...) the example synthesizes. */
  readonly quantity: number;
  /** Units billed per month for one of them (730 for an hourly price, 1 for a monthly one). */
  readonly perMonth: number;
  readonly unitPrice: number;
  readonly unit: string;
  readonly source: string;
  readonly confirmed: boolean;
}

const HOURS = 730;

export const EXAMPLE_APP_FIXED_COST: readonly ExampleCostRow[] = [
  { key: 'privateCa', item: 'AWS Private CA, short-lived certificate mode (Service Connect TLS)', quantity: 1, perMonth: 1, unitPrice: 50, unit: 'per CA-month', source: 'https://aws.amazon.com/private-ca/pricing/', confirmed: true },
  { key: 'rdsInstance', item: 'RDS PostgreSQL db.t4g.medium, Multi-AZ', quantity: 1, perMonth: HOURS, unitPrice: 0.13, unit: 'per Multi-AZ instance-hour (us-east-1 rate; Ireland is a few cents higher)', source: 'https://aws.amazon.com/rds/postgresql/pricing/', confirmed: false },
  { key: 'rdsStorageGb', item: 'RDS gp3 storage, Multi-AZ (20 GiB allocated)', quantity: 20, perMonth: 1, unitPrice: 0.254, unit: 'per GB-month Multi-AZ', source: 'https://aws.amazon.com/rds/postgresql/pricing/', confirmed: false },
  { key: 'interfaceEndpointAz', item: 'Interface endpoints (sqs, logs, kms) x 2 AZs', quantity: 6, perMonth: HOURS, unitPrice: 0.011, unit: 'per endpoint per AZ-hour', source: 'lib/evidence/prices/eu-west-1.json', confirmed: false },
  { key: 'fargateVcpu', item: 'Fargate vCPU: 2 services x 2 tasks x 0.25 vCPU (Linux/x86)', quantity: 1, perMonth: HOURS, unitPrice: 0.04048, unit: 'per vCPU-hour (us-east-1 rate)', source: 'https://aws.amazon.com/fargate/pricing/', confirmed: false },
  { key: 'fargateMemoryGb', item: 'Fargate memory: 2 services x 2 tasks x 0.5 GB', quantity: 2, perMonth: HOURS, unitPrice: 0.004445, unit: 'per GB-hour (us-east-1 rate)', source: 'https://aws.amazon.com/fargate/pricing/', confirmed: false },
  { key: 'natGateway', item: 'NAT gateway (single)', quantity: 1, perMonth: HOURS, unitPrice: 0.048, unit: 'per NAT gateway-hour', source: 'lib/evidence/prices/eu-west-1.json', confirmed: false },
  { key: 'webAcl', item: 'WAF web ACLs (load balancer, API, CloudFront)', quantity: 3, perMonth: 1, unitPrice: 5, unit: 'per web ACL-month', source: 'https://aws.amazon.com/waf/pricing/', confirmed: false },
  { key: 'webAclRule', item: 'WAF rules and managed rule groups (4 per web ACL)', quantity: 12, perMonth: 1, unitPrice: 1, unit: 'per rule-month', source: 'https://aws.amazon.com/waf/pricing/', confirmed: false },
  { key: 'applicationLoadBalancer', item: 'Application Load Balancer (hour charge, before LCUs)', quantity: 1, perMonth: HOURS, unitPrice: 0.0252, unit: 'per ALB-hour', source: 'https://aws.amazon.com/elasticloadbalancing/pricing/', confirmed: false },
  { key: 'kmsKey', item: 'KMS customer-managed keys (all four stacks)', quantity: 17, perMonth: 1, unitPrice: 1, unit: 'per key-month', source: 'lib/evidence/prices/eu-west-1.json', confirmed: true },
  { key: 'publicIpv4', item: 'Public IPv4 addresses (NAT gateway, load balancer in 2 AZs)', quantity: 3, perMonth: HOURS, unitPrice: 0.005, unit: 'per address-hour', source: 'lib/evidence/prices/eu-west-1.json', confirmed: true },
  { key: 'secret', item: 'Secrets Manager secrets (database master, partner key)', quantity: 2, perMonth: 1, unitPrice: 0.4, unit: 'per secret-month', source: 'lib/evidence/prices/eu-west-1.json', confirmed: false },
];

/** Monthly cost of one row. */
export function rowMonthly(row: ExampleCostRow): number {
  return row.quantity * row.perMonth * row.unitPrice;
}

const money = (n: number) => `$${n.toFixed(2)}`;

/** The "Example product app" section of docs/cost.md. */
export function renderExampleAppCostSection(rows: readonly ExampleCostRow[] = EXAMPLE_APP_FIXED_COST): string {
  const sorted = [...rows].sort((a, b) => rowMonthly(b) - rowMonthly(a));
  const total = rows.reduce((sum, r) => sum + rowMonthly(r), 0);
  return [
    '## Example product app',
    '',
    'Fixed monthly cost of `examples/product-app` (one account: API, front end, edge and backup-copy stacks), at USD list prices, 730 hours a month, no free tier; `lib/evidence/example-app-cost.ts`, whose quantities a test checks against the synthesized app. Prices marked * were read from third-party summaries of the AWS pricing page, not the page itself: verify them there.',
    '',
    '| item | quantity | unit price | monthly |',
    '|---|--:|---|--:|',
    ...sorted.map((r) => `| ${r.item} | ${r.quantity} | $${r.unitPrice} ${r.unit}${r.confirmed ? '' : ' *'} | ${money(rowMonthly(r))} |`),
    `| **total** | | | **${money(total)}** |`,
    '',
    'Not in the total (usage-based): API Gateway requests, WAF requests ($0.60 per million), load balancer LCUs, CloudFront and data transfer, NAT and endpoint data processing, Cognito Plus per monthly active user, the certificates Service Connect issues (about one per task every 5 days) and the `ecs-sc!` secrets holding them, Cloud Map registrations, Lambda, SQS, CloudWatch Logs ingestion and Container Insights metrics, backup storage in both regions, Performance Insights beyond its free retention.',
    '',
  ].join('\n');
}
