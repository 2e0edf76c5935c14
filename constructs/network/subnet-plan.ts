/**
 * Deterministic IPv4 subnet planning for a tiered VPC: which CIDR each tier gets in each AZ.
 *
 * Pure functions (no CDK), so the config loader can check a network before any construct exists and the
 * `TieredVpc` construct lays out exactly the same subnets. Tiers are packed largest first, which keeps
 * every block aligned to its own size without gaps.
 */

/** One tier's request: a name and the prefix length of each of its per-AZ subnets. */
export interface TierRequest {
  /** Tier name, e.g. `app`. */
  readonly name: string;
  /** Prefix length of each subnet of the tier, e.g. 24. */
  readonly prefix: number;
}

/** One planned subnet. */
export interface PlannedSubnet {
  readonly tier: string;
  /** Index of the AZ (0-based) the subnet is in. */
  readonly azIndex: number;
  readonly cidr: string;
}

/** The result of planning: subnets, or the reason they do not fit. */
export type SubnetPlan =
  | { readonly ok: true; readonly subnets: readonly PlannedSubnet[]; readonly addressesUsed: number; readonly addressesTotal: number }
  | { readonly ok: false; readonly problem: string };

export function parseCidr(cidr: string): { base: number; prefix: number } {
  const [ip, p] = cidr.split('/');
  const base = ip.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
  return { base, prefix: Number(p) };
}

export function formatCidr(base: number, prefix: number): string {
  const octets = [24, 16, 8, 0].map((shift) => Math.floor(base / 2 ** shift) % 256);
  return `${octets.join('.')}/${prefix}`;
}

/** Number of addresses in a block of the given prefix length. */
export function blockSize(prefix: number): number {
  return 2 ** (32 - prefix);
}

/** True when two CIDR blocks share any address. */
export function cidrsOverlap(a: string, b: string): boolean {
  const x = parseCidr(a);
  const y = parseCidr(b);
  const xStart = x.base - (x.base % blockSize(x.prefix));
  const yStart = y.base - (y.base % blockSize(y.prefix));
  return xStart < yStart + blockSize(y.prefix) && yStart < xStart + blockSize(x.prefix);
}

/** True when `inner` lies entirely inside `outer`. */
export function cidrContains(outer: string, inner: string): boolean {
  const o = parseCidr(outer);
  const i = parseCidr(inner);
  const oStart = o.base - (o.base % blockSize(o.prefix));
  return i.prefix >= o.prefix && i.base >= oStart && i.base + blockSize(i.prefix) <= oStart + blockSize(o.prefix);
}

/**
 * Lays out `azCount` subnets for every tier inside `vpcCidr`.
 * Returns `ok: false` with a sentence naming the shortfall when the tiers do not fit.
 */
export function planSubnets(vpcCidr: string, azCount: number, tiers: readonly TierRequest[]): SubnetPlan {
  const vpc = parseCidr(vpcCidr);
  const total = blockSize(vpc.prefix);
  const tooWide = tiers.filter((t) => t.prefix < vpc.prefix);
  if (tooWide.length > 0) {
    return {
      ok: false,
      problem: `tier ${tooWide.map((t) => `${t.name} (/${t.prefix})`).join(', ')} is larger than the VPC (/${vpc.prefix})`,
    };
  }
  const needed = tiers.reduce((sum, t) => sum + azCount * blockSize(t.prefix), 0);
  if (needed > total) {
    return {
      ok: false,
      problem: `${tiers.length} tiers × ${azCount} AZs need ${needed} addresses but a /${vpc.prefix} has ${total}`,
    };
  }
  // Largest blocks first: every offset is then a multiple of the current block size (aligned, no gaps).
  const ordered = [...tiers].sort((a, b) => a.prefix - b.prefix);
  const start = vpc.base - (vpc.base % total);
  let offset = 0;
  const subnets: PlannedSubnet[] = [];
  for (const tier of ordered) {
    for (let az = 0; az < azCount; az++) {
      subnets.push({ tier: tier.name, azIndex: az, cidr: formatCidr(start + offset, tier.prefix) });
      offset += blockSize(tier.prefix);
    }
  }
  return { ok: true, subnets, addressesUsed: needed, addressesTotal: total };
}
