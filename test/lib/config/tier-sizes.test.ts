import { z } from 'zod';
import { ADJACENCY, TIER_TABLE, type TierTables } from '../../../constructs/network/tier-table';
import { tierSizesSchema } from '../../../lib/config/tier-sizes';

const WITH_CACHE: TierTables = {
  tiers: [...TIER_TABLE, { name: 'cache', kind: 'workload', sizeKey: 'cache', routing: 'isolated', purpose: 'caches', sizeDescription: 'Prefix length of each cache subnet.' }],
  adjacency: ADJACENCY,
};

describe('the config tiers field, from the tier table', () => {
  test('defaults every tier with a default size; optional tiers stay absent', () => {
    expect(tierSizesSchema().parse(undefined)).toEqual({ public: 24, app: 22, data: 24, admin: 27, monitoring: 27 });
    expect(tierSizesSchema().parse({ app: 21, protectedData: 25 })).toEqual({ public: 24, app: 21, data: 24, protectedData: 25, admin: 27, monitoring: 27 });
  });

  test('rejects a prefix a VPC subnet cannot have and a tier the table does not have', () => {
    expect(tierSizesSchema().safeParse({ app: 29 }).success).toBe(false);
    expect(tierSizesSchema().safeParse({ cache: 26 }).success).toBe(false);
  });

  test('a new tier row adds an optional, described field to the schema and the JSON Schema', () => {
    expect(tierSizesSchema(WITH_CACHE).parse({ cache: 26 })).toMatchObject({ cache: 26, app: 22 });
    const json = z.toJSONSchema(tierSizesSchema(WITH_CACHE), { io: 'input' }) as { properties: Record<string, { description?: string; default?: number }> };
    expect(json.properties.cache).toEqual({ description: 'Prefix length of each cache subnet.', type: 'integer', minimum: 16, maximum: 28 });
    expect(json.properties.app.default).toBe(22);
  });
});
