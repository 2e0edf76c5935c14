import { DEFAULT_TIER_PORTS, naclQuotaProblems, tierEntries, tierRules, type TierRule } from '../../../constructs/network/tier-nacls';
import type { TierName } from '../../../constructs/network/tiers';

const ALL: ReadonlySet<TierName> = new Set(['public', 'app', 'data', 'protected-data', 'admin', 'monitoring', 'firewall', 'transit']);
const covers = (r: TierRule, port: number) => r.from <= port && port <= r.to;

describe('the tier adjacency table', () => {
  test.each([...ALL])('the %s tier admits 22 and 3389 only from the admin tier, and 445 from nowhere', (tier) => {
    for (const rule of tierRules(tier, ALL, DEFAULT_TIER_PORTS, true).filter((r) => r.direction === 'ingress')) {
      if (covers(rule, 22) || covers(rule, 3389)) expect(rule.peer).toEqual({ tier: 'admin' });
      expect(covers(rule, 445)).toBe(false);
    }
  });

  test('the admin tier admits nothing but return traffic: Session Manager needs no inbound rule', () => {
    const ingress = tierRules('admin', ALL, DEFAULT_TIER_PORTS, true).filter((r) => r.direction === 'ingress');
    expect(ingress).toEqual([
      { direction: 'ingress', peer: 'internet', from: 1024, to: 3388 },
      { direction: 'ingress', peer: 'internet', from: 3390, to: 65535 },
    ]);
  });

  test('the data tiers admit only the app tier on data ports and the admin tier on admin ports', () => {
    for (const tier of ['data', 'protected-data'] as const) {
      const opened = tierRules(tier, ALL, DEFAULT_TIER_PORTS, false).filter((r) => r.direction === 'ingress' && r.from === r.to && r.action !== 'deny');
      expect(opened).toEqual([
        { direction: 'ingress', peer: { tier: 'app' }, from: 3307, to: 3307 },
        { direction: 'ingress', peer: { tier: 'app' }, from: 5433, to: 5433 },
        { direction: 'ingress', peer: { tier: 'admin' }, from: 22, to: 22 },
        { direction: 'ingress', peer: { tier: 'admin' }, from: 3389, to: 3389 },
      ]);
    }
  });

  test('the data ports are denied from the rest of the VPC before the ephemeral returns could admit them', () => {
    for (const tier of ['data', 'protected-data'] as const) {
      const ingress = tierRules(tier, ALL, DEFAULT_TIER_PORTS, false).filter((r) => r.direction === 'ingress');
      const denies = ingress.filter((r) => r.action === 'deny');
      expect(denies).toEqual([
        { direction: 'ingress', peer: 'vpc', from: 3307, to: 3307, action: 'deny' },
        { direction: 'ingress', peer: 'vpc', from: 5433, to: 5433, action: 'deny' },
      ]);
      const firstReturn = ingress.findIndex((r) => r.from === 1024);
      for (const d of denies) expect(ingress.indexOf(d)).toBeLessThan(firstReturn);
    }
  });

  test('office networks reach only the app tier (and the transit subnets they pass through)', () => {
    const withOffice = [...ALL].filter((t) => tierRules(t, ALL, DEFAULT_TIER_PORTS, true).some((r) => r.direction === 'ingress' && r.peer === 'office'));
    expect(withOffice.sort()).toEqual(['app', 'transit']);
  });

  test('a missing tier is never a peer', () => {
    const noAdmin = new Set<TierName>(['public', 'app', 'data', 'monitoring']);
    for (const t of noAdmin) expect(tierRules(t, noAdmin, DEFAULT_TIER_PORTS, false).some((r) => typeof r.peer === 'object' && r.peer.tier === 'admin')).toBe(false);
  });
});

describe('NACL rule quota', () => {
  const cidrs = (n: number) => Array.from({ length: n }, (_, i) => `10.0.${i}.0/24`);
  const tiers = (azs: number) => new Map<TierName, string[]>(['public', 'app', 'data', 'admin', 'monitoring'].map((t, k) => [t as TierName, cidrs(azs).map((c) => c.replace('10.0', `10.${k}`))]));

  test('3 AZs fit; 6 AZs overflow the app and data NACLs, named with their rule counts', () => {
    expect(naclQuotaProblems(tiers(3), '10.0.0.0/8')).toEqual([]);
    expect(naclQuotaProblems(tiers(6), '10.0.0.0/8')).toEqual([
      "the app tier's network ACL needs 26 ingress rules but a NACL allows 20; use fewer ports, AZs or office CIDRs",
      "the data tier's network ACL needs 28 ingress rules but a NACL allows 20; use fewer ports, AZs or office CIDRs",
    ]);
  });

  test('entries expand a tier peer to each of its subnets', () => {
    const entries = tierEntries('data', tiers(2), '10.0.0.0/8').filter((e) => e.rule.direction === 'ingress' && e.rule.from === 5433 && e.rule.action !== 'deny');
    expect(entries.map((e) => e.cidr)).toEqual(['10.1.0.0/24', '10.1.1.0/24']);
  });
});
