import { cidrContains, cidrsOverlap, planSubnets } from '../../../constructs/network/subnet-plan';

describe('planSubnets', () => {
  const tiers = [
    { name: 'public', prefix: 24 },
    { name: 'app', prefix: 22 },
    { name: 'data', prefix: 24 },
  ];

  test('gives every tier one subnet per AZ, inside the VPC and non-overlapping', () => {
    const plan = planSubnets('10.0.0.0/16', 3, tiers);
    if (!plan.ok) throw new Error(plan.problem);
    expect(plan.subnets).toHaveLength(9);
    for (const s of plan.subnets) expect(cidrContains('10.0.0.0/16', s.cidr)).toBe(true);
    for (const a of plan.subnets) {
      for (const b of plan.subnets) if (a !== b) expect(cidrsOverlap(a.cidr, b.cidr)).toBe(false);
    }
    expect(plan.subnets.filter((s) => s.tier === 'app').map((s) => s.cidr)).toEqual(['10.0.0.0/22', '10.0.4.0/22', '10.0.8.0/22']);
  });

  test('reports the shortfall when the tiers do not fit', () => {
    expect(planSubnets('10.0.0.0/22', 2, tiers)).toEqual({
      ok: false,
      problem: '3 tiers × 2 AZs need 3072 addresses but a /22 has 1024',
    });
  });

  test('reports a tier larger than the VPC', () => {
    expect(planSubnets('10.0.0.0/24', 2, tiers)).toMatchObject({ ok: false, problem: expect.stringMatching(/tier app \(\/22\) is larger than the VPC/) });
  });
});

describe('cidr helpers', () => {
  test('overlap and containment', () => {
    expect(cidrsOverlap('10.0.0.0/16', '10.0.255.0/24')).toBe(true);
    expect(cidrsOverlap('10.0.0.0/16', '10.1.0.0/16')).toBe(false);
    expect(cidrContains('10.0.0.0/16', '10.0.4.0/22')).toBe(true);
    expect(cidrContains('10.0.0.0/16', '10.1.0.0/24')).toBe(false);
  });
});
