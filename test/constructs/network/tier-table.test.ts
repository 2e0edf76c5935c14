import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { tierRules, type TierRule } from '../../../constructs/network/tier-nacls';
import { tierGroupRules } from '../../../constructs/network/tier-security-groups';
import {
  ADJACENCY,
  DEFAULT_TIER_PORTS,
  TIER_TABLE,
  TIER_TABLES,
  destinationsOf,
  tierRow,
  type TierTables,
} from '../../../constructs/network/tier-table';
import { subnetTypeOf } from '../../../constructs/network/tiered-vpc';
import { defaultTierSizes, tierRequests } from '../../../constructs/network/tiers';

/**
 * A hypothetical optional `cache` tier (isolated, reached only by the app tier on the data ports) and a
 * `batch` tier with a default size and NAT egress that reaches the cache: each is its rows and nothing else.
 */
const WITH_NEW_TIERS: TierTables = {
  tiers: [
    ...TIER_TABLE,
    { name: 'cache', kind: 'workload', sizeKey: 'cache', routing: 'isolated', purpose: 'caches', sizeDescription: 'Prefix length of each cache subnet.' },
    { name: 'batch', kind: 'workload', sizeKey: 'batch', defaultPrefix: 26, routing: 'egress', purpose: 'batch jobs' },
  ],
  adjacency: [
    ...ADJACENCY,
    { from: { tier: 'app' }, to: 'cache', ports: 'data', why: 'app tier to cache tier', exclusive: true },
    { from: { tier: 'batch' }, to: 'cache', ports: 'data', why: 'batch tier to cache tier' },
  ],
};
const WORKLOADS = ['public', 'app', 'data', 'admin', 'monitoring', 'batch', 'cache'];
const PRESENT = new Set(WORKLOADS);
const rules = (tier: string, direction: TierRule['direction']) =>
  tierRules(tier, PRESENT, DEFAULT_TIER_PORTS, false, WITH_NEW_TIERS).filter((r) => r.direction === direction);
const single = (r: TierRule) => `${r.action === 'deny' ? 'deny ' : ''}${typeof r.peer === 'object' ? r.peer.tier : r.peer}:${r.from === r.to ? r.from : `${r.from}-${r.to}`}`;

describe('adding a tier is adding its rows', () => {
  test('the layout: a tier with a default size joins the defaults, an optional one appears only when sized, after them', () => {
    expect(defaultTierSizes(WITH_NEW_TIERS)).toEqual({ public: 24, app: 22, data: 24, admin: 27, monitoring: 27, batch: 26 });
    const names = (sizes: object) => tierRequests(sizes, { transit: true }, WITH_NEW_TIERS).map((t) => `${t.name}/${t.prefix}`);
    expect(names({})).toEqual(['public/24', 'app/22', 'data/24', 'admin/27', 'monitoring/27', 'batch/26', 'transit/28']);
    expect(names({ cache: 27 })).toEqual(['public/24', 'app/22', 'data/24', 'admin/27', 'monitoring/27', 'batch/26', 'cache/27', 'transit/28']);
  });

  test('the subnet type follows the routing column', () => {
    expect(subnetTypeOf('cache', 'per-az', WITH_NEW_TIERS)).toBe(ec2.SubnetType.PRIVATE_ISOLATED);
    expect(subnetTypeOf('batch', 'single', WITH_NEW_TIERS)).toBe(ec2.SubnetType.PRIVATE_WITH_EGRESS);
    expect(subnetTypeOf('batch', 'none', WITH_NEW_TIERS)).toBe(ec2.SubnetType.PRIVATE_ISOLATED);
  });

  test("the new tier's NACL admits its sources, the admin tier, denies the exclusive ports from the VPC, then returns", () => {
    // Rules follow the adjacency rows' order: the appended rows come after the admin row.
    expect(rules('cache', 'ingress').map(single)).toEqual([
      'admin:22', 'admin:3389', 'app:3307', 'app:5433', 'batch:3307', 'batch:5433',
      'deny vpc:3307', 'deny vpc:5433', 'internet:1024-3388', 'internet:3390-65535',
    ]);
    // Isolated: 443 out reaches only the gateway endpoints; the monitoring row applies to every workload tier.
    expect(rules('cache', 'egress').map(single)).toEqual(['internet:1024-65535', 'internet:443', 'vpc:443']);
  });

  test("the sources' NACLs open the new destination's ports outbound; the admin tier reaches it too", () => {
    expect(rules('batch', 'egress').map(single)).toEqual(['internet:1024-65535', 'internet:80', 'internet:443', 'vpc:443', 'vpc:3307', 'vpc:5433']);
    expect(rules('batch', 'ingress').map(single)).toEqual(['admin:22', 'admin:3389', 'internet:1024-3388', 'internet:3390-65535']);
    expect(rules('admin', 'egress').map(single)).toEqual(['internet:1024-65535', 'internet:80', 'internet:443', 'vpc:22', 'vpc:443', 'vpc:3389']);
  });

  test('the security groups follow the same rows', () => {
    const toCache = tierGroupRules(WORKLOADS, WITH_NEW_TIERS).filter((r) => r.to === 'cache');
    expect(toCache.map((r) => `${typeof r.from === 'object' ? r.from.tier : r.from}:${r.ports} (${r.why})`)).toEqual([
      'admin:admin (admin tier to manage hosts)',
      'app:data (app tier to cache tier)',
      'batch:data (batch tier to cache tier)',
    ]);
  });

  test('without the new rows the real tiers are unchanged', () => {
    const real = new Set(['public', 'app', 'data', 'admin', 'monitoring']);
    for (const tier of real) {
      const withRows = tierRules(tier, real, DEFAULT_TIER_PORTS, true, WITH_NEW_TIERS);
      expect(withRows).toEqual(tierRules(tier, real, DEFAULT_TIER_PORTS, true));
    }
  });
});

describe('the real tables', () => {
  test('every adjacency row names tiers of the tier table, and every size key is unique', () => {
    for (const row of ADJACENCY) {
      if (typeof row.from === 'object') expect(tierRow(row.from.tier).kind).toBe('workload');
      if (row.to !== 'other-workload-tiers') expect(tierRow(row.to).kind).toBe('workload');
    }
    const keys = TIER_TABLE.flatMap((t) => ('sizeKey' in t ? [t.sizeKey] : []));
    expect(new Set(keys).size).toBe(keys.length);
  });

  test('the admin row reaches every workload tier but admin, and nothing reaches admin', () => {
    const all = new Set(TIER_TABLE.map((t) => t.name));
    const adminRow = ADJACENCY.find((a) => a.ports === 'admin')!;
    expect(destinationsOf(adminRow, all)).toEqual(['public', 'app', 'data', 'protected-data', 'monitoring']);
    expect(ADJACENCY.filter((a) => destinationsOf(a, all, TIER_TABLES).includes('admin'))).toEqual([]);
  });

  test('an unknown tier is an error naming the tiers there are', () => {
    expect(() => tierRow('cache')).toThrow(/no tier "cache" in the tier table \(public, app, data, protected-data, admin, monitoring, firewall, transit\)/);
  });
});
