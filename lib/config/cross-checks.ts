/**
 * Rules that relate two or more fields of an already schema-valid config. Each returns problems as
 * `[yamlPath, message]` pairs so the loader can add file, line and column; none stops at the first one.
 */
import { cidrsOverlap, planSubnets, parseCidr } from '../../constructs/network/subnet-plan';
import { naclQuotaProblems } from '../../constructs/network/tier-nacls';
import type { TierName } from '../../constructs/network/tiers';
import type { LandingZoneConfig } from './schema';
import { tierRequests } from './network';

export type Problem = readonly [path: (string | number)[], message: string];

export function crossCheck(config: LandingZoneConfig): Problem[] {
  return [...checkAccounts(config), ...checkOus(config), ...checkRegions(config), ...checkNetwork(config), ...checkIdentity(config), ...checkLogging(config), ...checkTrustedAccounts(config)];
}

function duplicates<T>(items: readonly T[], key: (t: T) => string | undefined): Map<string, number[]> {
  const seen = new Map<string, number[]>();
  items.forEach((item, i) => {
    const k = key(item);
    if (k === undefined) return;
    seen.set(k, [...(seen.get(k) ?? []), i]);
  });
  return new Map([...seen].filter(([, idx]) => idx.length > 1));
}

function checkAccounts(config: LandingZoneConfig): Problem[] {
  const problems: Problem[] = [];
  const accounts = config.accounts;
  const fields: Array<['name' | 'id' | 'email', string]> = [
    ['name', 'account name'],
    ['id', 'account ID'],
    ['email', 'account email'],
  ];
  for (const [field, label] of fields) {
    for (const [value, idx] of duplicates(accounts, (a) => (field === 'email' ? a.email?.toLowerCase() : a[field]))) {
      for (const i of idx.slice(1)) {
        problems.push([['accounts', i, field], `"${value}" is a duplicate ${label} (also accounts[${idx[0]}].${field})`]);
      }
    }
  }
  for (const role of ['management', 'security-log'] as const) {
    const holders = accounts.filter((a) => a.role === role);
    if (holders.length !== 1) {
      problems.push([['accounts'], `exactly one account must have role: ${role} (found ${holders.length})`]);
    }
  }
  accounts.forEach((a, i) => {
    if ((a.role === 'management' || a.role === 'security-log') && a.id === undefined) {
      problems.push([['accounts', i, 'id'], `is required: the ${a.role} account "${a.name}" hosts landing-zone stacks`]);
    }
    if (a.role === 'management' && a.ou !== 'Root') {
      problems.push([['accounts', i, 'ou'], `"${a.ou}" is not allowed: the management account always sits in Root`]);
    }
  });
  return problems;
}

function checkOus(config: LandingZoneConfig): Problem[] {
  const problems: Problem[] = [];
  const declared = new Set<string>();
  config.ous.forEach((ou, i) => {
    if (ou === 'Root') {
      problems.push([['ous', i], '"Root" is the organization root and is not declared as an OU']);
      return;
    }
    if (declared.has(ou)) problems.push([['ous', i], `"${ou}" is declared twice`]);
    const parent = ou.includes('/') ? ou.slice(0, ou.lastIndexOf('/')) : undefined;
    if (parent !== undefined && !declared.has(parent)) {
      problems.push([['ous', i], `"${ou}" needs its parent OU "${parent}" declared before it`]);
    }
    declared.add(ou);
  });
  config.organization.scpTargets.forEach((t, i) => {
    if (t !== 'Root' && !declared.has(t)) {
      problems.push([['organization', 'scpTargets', i], `"${t}" is not an OU declared in ous (${[...declared].join(', ')}) or Root`]);
    }
  });
  for (const ou of Object.keys(config.guardrails.ous)) {
    if (ou !== 'Root' && !declared.has(ou)) {
      problems.push([['guardrails', 'ous', ou], `"${ou}" is not an OU declared in ous (${[...declared].join(', ')}) or Root`]);
    }
  }
  config.accounts.forEach((a, i) => {
    if (a.ou !== 'Root' && !declared.has(a.ou)) {
      problems.push([['accounts', i, 'ou'], `"${a.ou}" is not an OU declared in ous (${[...declared].join(', ')}) or Root`]);
    }
  });
  return problems;
}

function checkRegions(config: LandingZoneConfig): Problem[] {
  const problems: Problem[] = [];
  const { homeRegion, governedRegions } = config.organization;
  for (const [region, idx] of duplicates(governedRegions, (r) => r)) {
    problems.push([['organization', 'governedRegions', idx[1]], `"${region}" is listed twice`]);
  }
  if (config.organization.cdkBootstrapQualifier === 'hnb659fds') {
    problems.push([
      ['organization', 'cdkBootstrapQualifier'],
      '"hnb659fds" is not allowed: it is CDK\'s default qualifier, so every product team\'s `cdk deploy` would run as a guardrail-exempt role (choose your own, e.g. slz)',
    ]);
  }
  if (!governedRegions.includes(homeRegion)) {
    problems.push([
      ['organization', 'homeRegion'],
      `"${homeRegion}" must be one of organization.governedRegions (${governedRegions.join(', ')})`,
    ]);
  }
  return problems;
}

function checkNetwork(config: LandingZoneConfig): Problem[] {
  const problems: Problem[] = [];
  const byName = new Map(config.accounts.map((a) => [a.name, a]));
  const envs = Object.entries(config.network);
  for (const [name, env] of envs) {
    const at = (...p: (string | number)[]) => ['network', name, ...p];
    const account = byName.get(env.account);
    if (!account) {
      problems.push([at('account'), `"${env.account}" is not an account name (${[...byName.keys()].join(', ')})`]);
    } else if (account.role !== 'workload') {
      problems.push([at('account'), `"${env.account}" is the ${account.role} account; VPCs go in workload accounts`]);
    } else if (account.id === undefined) {
      problems.push([at('account'), `account "${env.account}" needs an id: the network stack deploys into it`]);
    }
    const region = env.region ?? config.organization.homeRegion;
    if (!config.organization.governedRegions.includes(region)) {
      const origin = env.region === undefined ? ' (defaulted from organization.homeRegion)' : '';
      problems.push([at('region'), `"${region}"${origin} is not one of organization.governedRegions`]);
    }
    const { prefix } = parseCidr(env.cidr);
    if (prefix < 16 || prefix > 24) {
      problems.push([at('cidr'), `"${env.cidr}" must be between /16 and /24 (a VPC allows /16 to /28; tiers need room)`]);
      continue;
    }
    if (env.availabilityZones) {
      if (env.availabilityZones.length < env.azCount) {
        problems.push([at('availabilityZones'), `lists ${env.availabilityZones.length} zones but azCount is ${env.azCount}`]);
      }
      env.availabilityZones.forEach((az, i) => {
        if (!az.startsWith(region)) problems.push([at('availabilityZones', i), `"${az}" is not in region ${region}`]);
      });
    }
    const plan = planSubnets(env.cidr, env.azCount, tierRequests(env));
    if (!plan.ok) {
      problems.push([at('tiers'), `do not fit in ${env.cidr}: ${plan.problem}`]);
    } else {
      // The same NACL entries the TieredVpc construct will write, so a quota breach fails here, with a path.
      const tierCidrs = new Map<TierName, string[]>();
      for (const s of plan.subnets) tierCidrs.set(s.tier as TierName, [...(tierCidrs.get(s.tier as TierName) ?? []), s.cidr]);
      for (const p of naclQuotaProblems(tierCidrs, env.cidr, undefined, env.transitGateway?.officeCidrs)) {
        problems.push([env.transitGateway?.officeCidrs.length ? at('transitGateway', 'officeCidrs') : at('azCount'), p]);
      }
    }
    if (env.bastion && env.natGateways === 'none') {
      // Without NAT the bastion reaches Session Manager and the archive key only through interface endpoints.
      const missing = ['ssm', 'ssmmessages', 'ec2messages', 'kms'].filter((e) => !env.interfaceEndpoints.includes(e));
      if (missing.length > 0) {
        problems.push([
          at('interfaceEndpoints'),
          `lacks ${missing.join(', ')}: with natGateways: none and bastion: true, Session Manager is reachable only through these endpoints`,
        ]);
      }
    }
  }
  for (let i = 0; i < envs.length; i++) {
    for (let j = i + 1; j < envs.length; j++) {
      const [a, ea] = envs[i];
      const [b, eb] = envs[j];
      if (cidrsOverlap(ea.cidr, eb.cidr)) {
        problems.push([['network', b, 'cidr'], `"${eb.cidr}" overlaps network.${a}.cidr "${ea.cidr}"`]);
      }
    }
    const office = envs[i][1].transitGateway?.officeCidrs ?? [];
    office.forEach((c, k) => {
      for (const [other, env] of envs) {
        if (cidrsOverlap(c, env.cidr)) {
          problems.push([['network', envs[i][0], 'transitGateway', 'officeCidrs', k], `"${c}" overlaps network.${other}.cidr`]);
        }
      }
    });
  }
  return problems;
}

function checkIdentity(config: LandingZoneConfig): Problem[] {
  const names = new Set(config.accounts.map((a) => a.name));
  const problems: Problem[] = [];
  config.identity?.assignments.forEach((as, i) => {
    as.accounts.forEach((acc, j) => {
      if (!names.has(acc)) {
        problems.push([['identity', 'assignments', i, 'accounts', j], `"${acc}" is not an account name (${[...names].join(', ')})`]);
      } else if (config.accounts.find((a) => a.name === acc)?.id === undefined) {
        problems.push([['identity', 'assignments', i, 'accounts', j], `account "${acc}" needs an id to receive an assignment`]);
      }
    });
  });
  for (const key of Object.keys(config.tags)) {
    if (key.toLowerCase().startsWith('aws:')) problems.push([['tags', key], 'tag keys starting with "aws:" are reserved by AWS']);
  }
  return problems;
}

function checkLogging(config: LandingZoneConfig): Problem[] {
  const { objectLock, archiveRetentionDays, transitionToGlacierDays } = config.logging;
  const problems: Problem[] = [];
  if (objectLock && objectLock.days > archiveRetentionDays) {
    problems.push([
      ['logging', 'objectLock', 'days'],
      `"${objectLock.days}" is longer than logging.archiveRetentionDays (${archiveRetentionDays}): locked objects cannot expire (allowed: at most ${archiveRetentionDays})`,
    ]);
  }
  if (transitionToGlacierDays >= archiveRetentionDays) {
    problems.push([
      ['logging', 'transitionToGlacierDays'],
      `"${transitionToGlacierDays}" is not before logging.archiveRetentionDays (${archiveRetentionDays}) (allowed: fewer days than the expiry)`,
    ]);
  }
  return problems;
}

/**
 * A trusted outside account may only be given roles of its own: never one the guardrails exempt (the
 * break-glass role, a role of the landing zone's bootstrap, the StackSet execution role), which would hand an
 * outsider the exemption; and never an account of the organization.
 */
function checkTrustedAccounts(config: LandingZoneConfig): Problem[] {
  const problems: Problem[] = [];
  const { privilegedRoleName, cdkBootstrapQualifier } = config.organization;
  const exempt = [
    { test: (r: string) => r === privilegedRoleName, what: `the break-glass role (organization.privilegedRoleName)` },
    { test: (r: string) => r.startsWith(`cdk-${cdkBootstrapQualifier}-`), what: `a role of the landing zone's bootstrap (cdk-${cdkBootstrapQualifier}-*)` },
    { test: (r: string) => r.startsWith('stacksets-exec-'), what: 'the StackSet execution role (stacksets-exec-*)' },
  ];
  const orgAccounts = new Set(config.accounts.map((a) => a.id).filter(Boolean));
  config.guardrails.trustedAccounts.forEach((t, i) => {
    if (orgAccounts.has(t.accountId)) problems.push([['guardrails', 'trustedAccounts', i, 'accountId'], `"${t.accountId}" is an account of this organization (allowed: an outside account)`]);
    t.roleNames.forEach((r, j) => {
      const hit = exempt.find((e) => e.test(r));
      if (hit) problems.push([['guardrails', 'trustedAccounts', i, 'roleNames', j], `"${r}" is ${hit.what}, which the guardrails exempt (allowed: a role of the vendor's own)`]);
    });
  });
  return problems;
}
