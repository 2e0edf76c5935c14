/**
 * What one more VPC costs a month, by network shape (config `network.<env>`), at a region's list prices: the
 * figure that decides whether to keep NAT gateways and endpoints in every VPC or to send egress through the
 * transit gateway (`natGateways: transit`), where one egress VPC serves them all.
 */
import type { PriceList } from './price-list';

export interface VpcShape {
  readonly name: string;
  /** The config that gives this shape. */
  readonly config: string;
  /** Billable units per month, by price-list item key. */
  readonly units: Readonly<Record<string, number>>;
}

/** The shapes the default config uses, and the transit option; 730 hours, bastion included where the shape has one. */
export function vpcShapes(hours: number): VpcShape[] {
  return [
    {
      name: "prod's shape",
      config: 'azCount: 3, natGateways: per-az, interfaceEndpoints: [kms, logs, sts, secretsmanager], bastion',
      units: { natGatewayHour: 3 * hours, publicIpv4Hour: 3 * hours, interfaceEndpointAzHour: 4 * 3 * hours, 'instance:t4g.micro': hours },
    },
    {
      name: "staging's and demo's shape",
      config: 'natGateways: single, interfaceEndpoints: [], bastion',
      units: { natGatewayHour: hours, publicIpv4Hour: hours, 'instance:t4g.micro': hours },
    },
    {
      name: 'egress through the transit gateway',
      config: 'natGateways: transit, transitGateway: { id }, interfaceEndpoints: [], bastion',
      units: { transitGatewayAttachmentHour: hours, 'instance:t4g.micro': hours },
    },
    {
      name: 'no egress',
      config: 'natGateways: none, interfaceEndpoints: [ssm, ssmmessages, ec2messages, kms] (the bastion needs them), azCount: 2',
      units: { interfaceEndpointAzHour: 4 * 2 * hours, 'instance:t4g.micro': hours },
    },
  ];
}

/** Monthly cost of `shape` at `prices`. Undefined items (none in the shipped lists) count as 0 and are reported. */
export function shapeCost(shape: VpcShape, prices: PriceList): { monthly: number; missing: string[] } {
  let monthly = 0;
  const missing: string[] = [];
  for (const [item, quantity] of Object.entries(shape.units)) {
    const price = item.startsWith('instance:') ? prices.instanceHour.prices[item.slice('instance:'.length)] : prices.items[item]?.price;
    if (price === undefined) missing.push(item);
    else monthly += quantity * price;
  }
  return { monthly: Math.round(monthly * 100) / 100, missing };
}

/** The central egress VPC the transit option needs once per region (two AZs, a NAT gateway in each, its attachment). */
export function centralEgressCost(prices: PriceList): number {
  const h = prices.hoursPerMonth;
  const i = prices.items;
  return Math.round((2 * h * (i.natGatewayHour.price + i.publicIpv4Hour.price) + h * i.transitGatewayAttachmentHour.price) * 100) / 100;
}

export function renderShapesMarkdown(prices: PriceList): string[] {
  const money = (n: number) => `$${n.toFixed(2)}`;
  const shapes = vpcShapes(prices.hoursPerMonth);
  const perVpc = shapes.map((s) => shapeCost(s, prices).monthly);
  const central = centralEgressCost(prices);
  const [prodShape, devShape, transit] = perVpc;
  const breakEven = (own: number) => (own > transit ? Math.ceil(central / (own - transit)) : undefined);
  const even = [breakEven(prodShape), breakEven(devShape)];
  return [
    '## Cost per added VPC',
    '',
    `Fixed monthly cost of one more VPC, by shape, at ${prices.region} list prices (data processing extra: NAT and transit gateway per GB).`,
    '',
    '| shape | config | monthly per VPC |',
    '|---|---|--:|',
    ...shapes.map((s, k) => `| ${s.name} | \`${s.config}\` | ${money(perVpc[k])} |`),
    '',
    `Egress through the transit gateway needs, once per region, an egress VPC that the transit gateway's owner runs ` +
      `(two NAT gateways and its own attachment: ${money(central)} a month at these prices; the landing zone attaches to it, ` +
      `it does not build it). It pays for itself from ${even[0] === undefined ? 'no number of' : even[0] === 1 ? 'the first' : `${even[0]}`} VPC${even[0] === 1 ? '' : 's'} of prod's shape` +
      `${even[1] ? ` or ${even[1]} of staging's` : ", never against staging's single NAT gateway"}; ` +
      'a transit gateway also bills data processing (about $0.02 per GB), on top of the egress VPC\'s NAT processing.',
    '',
  ];
}
