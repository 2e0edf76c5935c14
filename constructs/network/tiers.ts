/**
 * The tiers of a `TieredVpc` and the subnet sizes they ask for: pure data shared by the construct and the
 * landing-zone config loader, so the loader's fit check and the subnets the construct lays out agree exactly.
 */
import type { TierRequest } from './subnet-plan';

/** Workload tiers; each is a subnet group of the VPC, named exactly like this. */
export type WorkloadTier = 'public' | 'app' | 'data' | 'protected-data' | 'admin' | 'monitoring';

/** Infrastructure tiers created only by the options that need them. */
export type InfrastructureTier = 'firewall' | 'transit';

export type TierName = WorkloadTier | InfrastructureTier;

/** Prefix length of each per-AZ subnet of every workload tier (`protectedData` absent: no such tier). */
export interface TierSizes {
  /** @default 24 */
  readonly public?: number;
  /** @default 22 */
  readonly app?: number;
  /** @default 24 */
  readonly data?: number;
  /** Omit for no protected-data tier. @default - no protected-data tier */
  readonly protectedData?: number;
  /** @default 27 */
  readonly admin?: number;
  /** @default 27 */
  readonly monitoring?: number;
}

export const DEFAULT_TIER_SIZES = { public: 24, app: 22, data: 24, admin: 27, monitoring: 27 } as const;

/**
 * Firewall endpoints and transit gateway attachments each take one /28 per AZ: AWS recommends small
 * dedicated subnets for both so their route tables and NACLs stay independent of workloads.
 */
export const INFRASTRUCTURE_SUBNET_PREFIX = 28;

/** Tiers that never get a route to an internet or NAT gateway. */
export const ISOLATED_TIERS: readonly TierName[] = ['data', 'protected-data'];

/** The tiers a VPC lays out, in order, with the prefix of each per-AZ subnet. */
export function tierRequests(sizes: TierSizes, options: { firewall?: boolean; transit?: boolean } = {}): TierRequest[] {
  const tiers: TierRequest[] = [
    { name: 'public', prefix: sizes.public ?? DEFAULT_TIER_SIZES.public },
    { name: 'app', prefix: sizes.app ?? DEFAULT_TIER_SIZES.app },
    { name: 'data', prefix: sizes.data ?? DEFAULT_TIER_SIZES.data },
    { name: 'admin', prefix: sizes.admin ?? DEFAULT_TIER_SIZES.admin },
    { name: 'monitoring', prefix: sizes.monitoring ?? DEFAULT_TIER_SIZES.monitoring },
  ];
  if (sizes.protectedData !== undefined) tiers.push({ name: 'protected-data', prefix: sizes.protectedData });
  if (options.firewall) tiers.push({ name: 'firewall', prefix: INFRASTRUCTURE_SUBNET_PREFIX });
  if (options.transit) tiers.push({ name: 'transit', prefix: INFRASTRUCTURE_SUBNET_PREFIX });
  return tiers;
}
