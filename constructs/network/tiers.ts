/**
 * The tiers of a `TieredVpc` and the subnet sizes they ask for, derived from the tier table: pure data
 * shared by the construct and the landing-zone config loader, so the loader's fit check and the subnets the
 * construct lays out agree exactly.
 */
import type { TierRequest } from './subnet-plan';
import { INFRASTRUCTURE_SUBNET_PREFIX, TIER_TABLE, TIER_TABLES, type TierTables } from './tier-table';

// The package index and existing callers import the tier names from here.
export type { InfrastructureTier, TierName, WorkloadTier } from './tier-table';

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

type SizedRow = Extract<(typeof TIER_TABLE)[number], { sizeKey: string }>;
/** Default prefix of every tier that has one, keyed like `TierSizes` (from the tier table). */
export type DefaultTierSizes = { readonly [R in SizedRow as R extends { defaultPrefix: number } ? R['sizeKey'] : never]: number };

// A tier row with a size key but no `TierSizes` field (or the reverse) fails to compile here.
type SameKeys<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : never) : never;
const tierSizesMatchTable: SameKeys<Required<TierSizes>, { [R in SizedRow as R['sizeKey']]: number }> = true;
void tierSizesMatchTable;

/** The default prefix of every tier that has one, keyed like `TierSizes`, in table order. */
export function defaultTierSizes(tables: TierTables = TIER_TABLES): Readonly<Record<string, number>> {
  const sizes: Record<string, number> = {};
  for (const t of tables.tiers) if (t.sizeKey !== undefined && t.defaultPrefix !== undefined) sizes[t.sizeKey] = t.defaultPrefix;
  return sizes;
}

export const DEFAULT_TIER_SIZES = defaultTierSizes() as DefaultTierSizes;

/**
 * The tiers a VPC lays out, in order, with the prefix of each per-AZ subnet: tiers with a default size,
 * then sized optional tiers, then the infrastructure tiers of the options that are on. Appending keeps the
 * existing tiers' subnets where they are when an optional tier or an option is added.
 */
export function tierRequests(
  sizes: TierSizes,
  options: { readonly firewall?: boolean; readonly transit?: boolean } & Readonly<Record<string, boolean | undefined>> = {},
  tables: TierTables = TIER_TABLES,
): TierRequest[] {
  const given = sizes as Readonly<Record<string, number | undefined>>;
  const workload = tables.tiers.filter((t) => t.kind === 'workload' && t.sizeKey !== undefined);
  const withDefault = workload.filter((t) => t.defaultPrefix !== undefined);
  const optional = workload.filter((t) => t.defaultPrefix === undefined && given[t.sizeKey!] !== undefined);
  const infrastructure = tables.tiers.filter((t) => t.kind === 'infrastructure' && t.option !== undefined && options[t.option]);
  return [
    ...[...withDefault, ...optional].map((t) => ({ name: t.name, prefix: given[t.sizeKey!] ?? t.defaultPrefix! })),
    ...infrastructure.map((t) => ({ name: t.name, prefix: INFRASTRUCTURE_SUBNET_PREFIX })),
  ];
}
