/**
 * The config's `tiers` field, derived from the tier table: one prefix-length field per workload tier, with
 * the table's default (or optional when the tier has none), so a new tier row appears in the config, its
 * defaults and the generated JSON Schema without an edit here.
 */
import { z } from 'zod';
import { TIER_TABLES, type TierTables } from '../../constructs/network/tier-table';
import { defaultTierSizes, type DefaultTierSizes, type TierSizes } from '../../constructs/network/tiers';

/** A VPC allows /16 to /28 subnets. */
const prefixLength = () => z.number().int().min(16).max(28);

/** Parsed `tiers`: every tier with a default size has one; optional tiers stay optional. */
export type ParsedTierSizes = TierSizes & DefaultTierSizes;

/** The zod object of `network.<env>.tiers`, defaulting to the table's default sizes. */
export function tierSizesSchema(): z.ZodDefault<z.ZodType<ParsedTierSizes, TierSizes>>;
/** The same for another table (tests of a new tier row), untyped. */
export function tierSizesSchema(tables: TierTables): z.ZodDefault<z.ZodType<Readonly<Record<string, number | undefined>>>>;
export function tierSizesSchema(tables: TierTables = TIER_TABLES): z.ZodDefault<z.ZodType> {
  const shape: Record<string, z.ZodType<number | undefined>> = {};
  for (const t of tables.tiers) {
    if (t.kind !== 'workload' || t.sizeKey === undefined) continue;
    const field = t.defaultPrefix === undefined ? prefixLength().optional() : prefixLength().default(t.defaultPrefix);
    shape[t.sizeKey] = t.sizeDescription === undefined ? field : field.describe(t.sizeDescription);
  }
  return z.strictObject(shape).default(defaultTierSizes(tables));
}
