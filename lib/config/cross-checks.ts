/**
 * Rules that relate two or more fields. Each returns problems as `[yamlPath, message]` pairs so the loader can
 * add file, line and column; none stops at the first one.
 *
 * They run in the same pass as the field checks, on whatever parsed: with field problems, the config holds only
 * the fields that parsed (a broken array element is `undefined`) and `broken` names the rest. A rule reads a
 * field only when `broken` does not name it, so a broken field yields its own message and never a second,
 * misleading one from a rule that depends on it.
 */
import { cidrsOverlap, planSubnets, parseCidr } from '../../constructs/network/subnet-plan';
import { naclQuotaProblems } from '../../constructs/network/tier-nacls';
import type { TierName } from '../../constructs/network/tiers';
import type { LandingZoneConfig } from './schema';
import { azCountLimit, azLetters } from './availability-zones';
import { tierRequests } from './network';
import { didYouMean } from './messages';
import { INTERFACE_ENDPOINT_SERVICES } from './interface-endpoint-services.generated';
import { BrokenFields } from './salvage';
import { RegionInfo } from 'aws-cdk-lib/region-info';

export type Problem = readonly [path: (string | number)[], message: string];

type Rule = (config: LandingZoneConfig, broken: BrokenFields) => Problem[];

export function crossCheck(config: LandingZoneConfig, broken: BrokenFields = BrokenFields.NONE): Problem[] {
  const rules: Rule[] = [checkAccounts, checkOus, checkRegions, checkNetwork, checkIdentity, checkLogging, checkBreakGlass, checkCicd, checkTrustedAccounts, checkResponders];
  return rules.flatMap((rule) => rule(config, broken));
}

/** The rows of a list that parsed (a broken element is `undefined` while other fields have problems), with their index. */
function rows<T>(items: readonly (T | undefined)[] | undefined): Array<[T, number]> {
  return (items ?? []).flatMap((t, i) => (t === undefined ? [] : [[t, i] as [T, number]]));
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

function checkAccounts(config: LandingZoneConfig, broken: BrokenFields): Problem[] {
  const problems: Problem[] = [];
  if (config.accounts === undefined) return problems;
  const accounts = config.accounts.map((a) => a ?? ({} as Partial<(typeof config.accounts)[number]>));
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
  // A role that did not parse could be either, so the count is known only when every role parsed.
  for (const role of broken.has('accounts', '*', 'role') ? [] : (['management', 'security-log'] as const)) {
    const holders = accounts.flatMap((a, i) => (a.role === role ? [i] : []));
    if (holders.length === 0) {
      problems.push([['accounts'], `exactly one account must have role: ${role} (found 0)`]);
    } else if (holders.length > 1) {
      const named = holders.map((i) => `accounts[${i}] "${accounts[i].name ?? '?'}"`).join(', ');
      problems.push([['accounts', holders[1], 'role'], `exactly one account may have role: ${role} (found ${holders.length}: ${named})`]);
    }
  }
  accounts.forEach((a, i) => {
    if ((a.role === 'management' || a.role === 'security-log') && a.id === undefined && !broken.has('accounts', i, 'id')) {
      problems.push([['accounts', i, 'id'], `is required: the ${a.role} account "${a.name}" hosts landing-zone stacks`]);
    }
    if (a.role === 'management' && a.ou !== undefined && a.ou !== 'Root') {
      problems.push([['accounts', i, 'ou'], `"${a.ou}" is not allowed: the management account always sits in Root`]);
    }
  });
  return problems;
}

function checkOus(config: LandingZoneConfig, broken: BrokenFields): Problem[] {
  const problems: Problem[] = [];
  const declared = new Set<string>();
  for (const [ou, i] of rows(config.ous)) {
    if (ou === 'Root') {
      problems.push([['ous', i], '"Root" is the organization root and is not declared as an OU']);
      continue;
    }
    if (declared.has(ou)) problems.push([['ous', i], `"${ou}" is declared twice`]);
    const parent = ou.includes('/') ? ou.slice(0, ou.lastIndexOf('/')) : undefined;
    if (parent !== undefined && !declared.has(parent) && !broken.has('ous')) {
      problems.push([['ous', i], `"${ou}" needs its parent OU "${parent}" declared before it`]);
    }
    declared.add(ou);
  }
  // With an OU that did not parse, "not declared" may be that OU: say nothing rather than something wrong.
  if (broken.has('ous')) return problems;
  rows(config.organization?.scpTargets).forEach(([t, i]) => {
    if (t !== 'Root' && !declared.has(t)) {
      problems.push([['organization', 'scpTargets', i], `"${t}" is not an OU declared in ous (${[...declared].join(', ')}) or Root`]);
    }
  });
  for (const [kind, policy] of Object.entries(config.organization?.policies ?? {})) {
    rows(policy?.targets).forEach(([t, i]) => {
      if (t !== 'Root' && !declared.has(t)) {
        problems.push([['organization', 'policies', kind, 'targets', i], `"${t}" is not an OU declared in ous (${[...declared].join(', ')}) or Root`]);
      }
    });
  }
  for (const ou of Object.keys(config.guardrails?.ous ?? {})) {
    if (ou !== 'Root' && !declared.has(ou)) {
      problems.push([['guardrails', 'ous', ou], `"${ou}" is not an OU declared in ous (${[...declared].join(', ')}) or Root`]);
    }
  }
  rows(config.accounts).forEach(([a, i]) => {
    if (a.ou !== undefined && a.ou !== 'Root' && !declared.has(a.ou)) {
      problems.push([['accounts', i, 'ou'], `"${a.ou}" is not an OU declared in ous (${[...declared].join(', ')}) or Root`]);
    }
  });
  return problems;
}

function checkRegions(config: LandingZoneConfig, broken: BrokenFields): Problem[] {
  const problems: Problem[] = [];
  if (config.organization === undefined) return problems;
  const { homeRegion, governedRegions = [] } = config.organization;
  for (const [region, idx] of duplicates(governedRegions, (r) => r)) {
    problems.push([['organization', 'governedRegions', idx[1]], `"${region}" is listed twice`]);
  }
  // The organization backup plan copies every recovery point to a second governed region (a vault exists only there).
  const backup = config.organization.policies?.backup;
  if (backup?.enabled && !broken.has('organization', 'governedRegions')) {
    if (backup.copyRegion !== undefined && !governedRegions.includes(backup.copyRegion)) {
      problems.push([['organization', 'policies', 'backup', 'copyRegion'], `"${backup.copyRegion}" must be one of organization.governedRegions (${governedRegions.join(', ')}): only they have a backup vault`]);
    } else if (backup.copyRegion === undefined && new Set(governedRegions).size < 2) {
      problems.push([['organization', 'policies', 'backup'], `the copy to a second region needs two governed regions (found ${governedRegions.join(', ') || 'none'}): add one, or set enabled: false`]);
    }
  }
  if (config.organization.cdkBootstrapQualifier === 'hnb659fds') {
    problems.push([
      ['organization', 'cdkBootstrapQualifier'],
      '"hnb659fds" is not allowed: it is CDK\'s default qualifier, so every product team\'s `cdk deploy` would run as a guardrail-exempt role (choose your own, e.g. slz)',
    ]);
  }
  if (homeRegion !== undefined && !broken.has('organization', 'governedRegions') && !governedRegions.includes(homeRegion)) {
    problems.push([
      ['organization', 'homeRegion'],
      `"${homeRegion}" must be one of organization.governedRegions (${governedRegions.join(', ')})`,
    ]);
  }
  return problems;
}

function checkNetwork(config: LandingZoneConfig, broken: BrokenFields): Problem[] {
  const problems: Problem[] = [];
  const accounts = rows(config.accounts).map(([a]) => a);
  const byName = new Map(accounts.filter((a) => a.name !== undefined).map((a) => [a.name, a]));
  const envs = Object.entries(config.network ?? {});
  const governed = broken.has('organization', 'governedRegions') ? undefined : config.organization?.governedRegions;
  for (const [name, env] of envs) {
    const at = (...p: (string | number)[]) => ['network', name, ...p];
    const ok = (...p: string[]) => !broken.has('network', name, ...p);
    const account = byName.get(env.account);
    if (env.account === undefined) {
      // its own field problem is already reported
    } else if (!account) {
      if (!broken.has('accounts', '*', 'name')) {
        problems.push([at('account'), `"${env.account}" is not an account name (${[...byName.keys()].join(', ')})`]);
      }
    } else if (account.role !== 'workload') {
      problems.push([at('account'), `"${env.account}" is the ${account.role} account; VPCs go in workload accounts`]);
    } else if (account.id === undefined && !broken.has('accounts', '*', 'id')) {
      problems.push([at('account'), `account "${env.account}" needs an id: the network stack deploys into it`]);
    }
    const region = ok('region') ? (env.region ?? config.organization?.homeRegion) : undefined;
    if (region !== undefined && governed !== undefined && !governed.includes(region)) {
      const origin = env.region === undefined ? ' (defaulted from organization.homeRegion)' : '';
      problems.push([at('region'), `"${region}"${origin} is not one of organization.governedRegions`]);
    }
    problems.push(...checkDeployTimeFacts(env, region, at, ok));
    if (env.cidr === undefined) continue;
    const { prefix } = parseCidr(env.cidr);
    if (prefix < 16 || prefix > 24) {
      problems.push([at('cidr'), `"${env.cidr}" must be between /16 and /24 (a VPC allows /16 to /28; tiers need room)`]);
      continue;
    }
    if (env.availabilityZones && ok('availabilityZones') && ok('azCount')) {
      if (env.availabilityZones.length < env.azCount) {
        problems.push([at('availabilityZones'), `lists ${env.availabilityZones.length} zones but azCount is ${env.azCount}`]);
      }
    }
    if (ok('azCount') && ok('tiers') && ok('firewall') && ok('transitGateway')) {
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
    }
    if (env.natGateways === 'transit' && ok('transitGateway') && !env.transitGateway) {
      problems.push([at('natGateways'), '"transit" sends egress through the transit gateway: set transitGateway (its owner runs the egress VPC)']);
    }
    if (env.natGateways === 'transit' && env.firewall) {
      problems.push([at('firewall'), 'filters egress through this VPC\'s own NAT path; with natGateways: transit, filter in the transit gateway\'s egress VPC instead']);
    }
    if (env.bastion && env.natGateways === 'none' && ok('interfaceEndpoints')) {
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
  const withCidr = envs.filter(([name, e]) => e.cidr !== undefined && !broken.has('network', name, 'cidr'));
  for (let i = 0; i < withCidr.length; i++) {
    for (let j = i + 1; j < withCidr.length; j++) {
      const [a, ea] = withCidr[i];
      const [b, eb] = withCidr[j];
      if (cidrsOverlap(ea.cidr, eb.cidr)) {
        problems.push([['network', b, 'cidr'], `"${eb.cidr}" overlaps network.${a}.cidr "${ea.cidr}"`]);
      }
    }
  }
  for (const [name, e] of envs) {
    rows(e.transitGateway?.officeCidrs).forEach(([c, k]) => {
      for (const [other, env] of withCidr) {
        if (cidrsOverlap(c, env.cidr)) {
          problems.push([['network', name, 'transitGateway', 'officeCidrs', k], `"${c}" overlaps network.${other}.cidr`]);
        }
      }
    });
  }
  return problems;
}

/**
 * What would otherwise fail only at deploy: interface endpoint services that do not exist (the names CDK's
 * `InterfaceVpcEndpointAwsService` knows), and Availability Zones the region does not have (the dated table in
 * `availability-zones.ts`).
 */
function checkDeployTimeFacts(
  env: LandingZoneConfig['network'][string],
  region: string | undefined,
  at: (...p: (string | number)[]) => (string | number)[],
  ok: (...p: string[]) => boolean,
): Problem[] {
  const problems: Problem[] = [];
  rows(ok('interfaceEndpoints') ? env.interfaceEndpoints : []).forEach(([service, i]) => {
    if (INTERFACE_ENDPOINT_SERVICES.includes(service)) return;
    const guess = didYouMean(service, INTERFACE_ENDPOINT_SERVICES);
    const hint = guess === undefined ? '' : `; did you mean ${guess}?`;
    problems.push([
      at('interfaceEndpoints', i),
      `"${service}" is not an interface endpoint service (CDK's InterfaceVpcEndpointAwsService list)${hint}`,
    ]);
  });
  if (region === undefined) return problems;
  const letters = azLetters(region);
  const limit = azCountLimit(region);
  if (letters === undefined || limit === undefined) return problems;
  const zones = letters.map((l) => `${region}${l}`);
  if (ok('azCount') && env.azCount > limit) {
    const which = limit < zones.length ? `${limit} per account, of ${zones.join(', ')}` : zones.join(', ');
    problems.push([at('azCount'), `${env.azCount} is more Availability Zones than ${region} has (${limit}: ${which})`]);
  }
  rows(ok('availabilityZones') ? env.availabilityZones : []).forEach(([az, i]) => {
    if (!az.startsWith(region)) problems.push([at('availabilityZones', i), `"${az}" is not in region ${region}`]);
    else if (!zones.includes(az)) problems.push([at('availabilityZones', i), `"${az}" is not an Availability Zone of ${region} (${zones.join(', ')})`]);
  });
  return problems;
}

function checkIdentity(config: LandingZoneConfig, broken: BrokenFields): Problem[] {
  const names = new Set(rows(config.accounts).map(([a]) => a.name));
  const problems: Problem[] = [];
  const namesKnown = !broken.has('accounts', '*', 'name');
  rows(config.identity?.assignments).forEach(([as, i]) => {
    rows(as.accounts).forEach(([acc, j]) => {
      if (!names.has(acc)) {
        if (namesKnown) problems.push([['identity', 'assignments', i, 'accounts', j], `"${acc}" is not an account name (${[...names].join(', ')})`]);
      } else if (config.accounts.find((a) => a?.name === acc)?.id === undefined && !broken.has('accounts', '*', 'id')) {
        problems.push([['identity', 'assignments', i, 'accounts', j], `account "${acc}" needs an id to receive an assignment`]);
      }
    });
  });
  for (const key of Object.keys(config.tags ?? {})) {
    if (key.toLowerCase().startsWith('aws:')) problems.push([['tags', key], 'tag keys starting with "aws:" are reserved by AWS']);
  }
  return problems;
}

function checkLogging(config: LandingZoneConfig, broken: BrokenFields): Problem[] {
  const problems: Problem[] = [];
  if (config.logging === undefined || broken.any(['logging', 'archiveRetentionDays'])) return problems;
  const { objectLock, archiveRetentionDays, transitionToGlacierDays } = config.logging;
  if (objectLock?.days !== undefined && objectLock.days > archiveRetentionDays) {
    problems.push([
      ['logging', 'objectLock', 'days'],
      `"${objectLock.days}" is longer than logging.archiveRetentionDays (${archiveRetentionDays}): locked objects cannot expire (allowed: at most ${archiveRetentionDays})`,
    ]);
  }
  if (transitionToGlacierDays !== undefined && transitionToGlacierDays >= archiveRetentionDays) {
    problems.push([
      ['logging', 'transitionToGlacierDays'],
      `"${transitionToGlacierDays}" is not before logging.archiveRetentionDays (${archiveRetentionDays}) (allowed: fewer days than the expiry)`,
    ]);
  }
  return [...problems, ...checkReplication(config, broken)];
}

/**
 * The region group of a region: its partition and the name's prefix before the first '-' (`aws/eu` for
 * eu-west-1). Replicating within the group keeps logs under the residency the home region was chosen for.
 */
export function regionGroup(region: string): string {
  return `${RegionInfo.get(region).partition ?? 'aws'}/${region.split('-')[0]}`;
}

/** `logging.replication.region`: a governed region other than the home region, in the home region's group. */
function checkReplication(config: LandingZoneConfig, broken: BrokenFields): Problem[] {
  const target = config.logging?.replication?.region;
  if (target === undefined || config.organization === undefined || broken.any(['organization', 'homeRegion'], ['organization', 'governedRegions'])) return [];
  const { homeRegion, governedRegions = [] } = config.organization;
  const path = ['logging', 'replication', 'region'];
  if (target === homeRegion) return [[path, `"${target}" is the home region: a replica must be in another region (allowed: ${sameGroup(config).join(', ') || 'no governed region is in the home region\'s group: add one to organization.governedRegions'})`]];
  const problems: Problem[] = [];
  if (!governedRegions.includes(target)) {
    problems.push([path, `"${target}" is not one of organization.governedRegions (${governedRegions.join(', ')}): the SCPs deny every other region (allowed: ${sameGroup(config).join(', ') || 'none'})`]);
  }
  if (regionGroup(target) !== regionGroup(homeRegion)) {
    problems.push([
      path,
      `"${target}" is in region group ${regionGroup(target)}, not the home region ${homeRegion}'s ${regionGroup(homeRegion)} (a group is the partition plus the region name's prefix before the first '-'; replicas stay in it for data residency; allowed: ${sameGroup(config).join(', ') || 'none'})`,
    ]);
  }
  return problems;
}

/** Governed regions a replica may go to: not home, same group. */
function sameGroup(config: LandingZoneConfig): string[] {
  const { homeRegion, governedRegions = [] } = config.organization;
  return governedRegions.filter((r) => r !== homeRegion && regionGroup(r) === regionGroup(homeRegion));
}

/** The management account's break-glass role trusts only principals of that account (its trust policy says so). */
function checkBreakGlass(config: LandingZoneConfig, broken: BrokenFields): Problem[] {
  if (broken.any(['accounts'], ['organization', 'breakGlassPrincipals'])) return [];
  const management = (config.accounts ?? []).find((a) => a?.role === 'management')?.id;
  if (management === undefined) return [];
  return (config.organization?.breakGlassPrincipals ?? []).flatMap((arn, i): Problem[] =>
    arn.split(':')[4] === management
      ? []
      : [[['organization', 'breakGlassPrincipals', i], `"${arn}" is not in the management account ${management} (allowed: its IAM users and roles)`]],
  );
}

/** The incident-response role (security-log account) trusts only principals of that account, like the break-glass role. */
function checkResponders(config: LandingZoneConfig, broken: BrokenFields): Problem[] {
  if (broken.any(['accounts'], ['incidentResponse'])) return [];
  const securityLog = (config.accounts ?? []).find((a) => a?.role === 'security-log')?.id;
  if (securityLog === undefined) return [];
  return (config.incidentResponse?.responderPrincipals ?? []).flatMap((arn, i): Problem[] =>
    arn.split(':')[4] === securityLog
      ? []
      : [[['incidentResponse', 'responderPrincipals', i], `"${arn}" is not in the security-log account ${securityLog} (allowed: its IAM users and roles)`]],
  );
}

/** The delivery roles' targets: accounts with IDs (the role ARNs need them), governed regions, no duplicates. */
function checkCicd(config: LandingZoneConfig, broken: BrokenFields): Problem[] {
  const problems: Problem[] = [];
  if (config.cicd === undefined || broken.any(['cicd'], ['accounts'], ['organization', 'governedRegions'])) return problems;
  const targets = config.cicd?.targets ?? [];
  const byName = new Map(config.accounts.map((a) => [a.name, a]));
  const { governedRegions } = config.organization;
  for (const [name, idx] of duplicates(targets, (t) => t.account)) {
    for (const i of idx.slice(1)) problems.push([['cicd', 'targets', i, 'account'], `"${name}" is listed twice (also cicd.targets[${idx[0]}])`]);
  }
  targets.forEach((t, i) => {
    const account = byName.get(t.account);
    if (!account) problems.push([['cicd', 'targets', i, 'account'], `"${t.account}" is not an account name in accounts`]);
    else if (!account.id) problems.push([['cicd', 'targets', i, 'account'], `"${t.account}" has no id: the roles name the account's bootstrap roles by ARN`]);
    t.regions.forEach((r, j) => {
      if (!governedRegions.includes(r)) {
        problems.push([['cicd', 'targets', i, 'regions', j], `"${r}" must be one of organization.governedRegions (${governedRegions.join(', ')})`]);
      }
    });
  });
  return problems;
}

/**
 * A trusted outside account may only be given roles of its own: never one the guardrails exempt (the
 * break-glass role, a role of the landing zone's bootstrap, the StackSet execution role), which would hand an
 * outsider the exemption; and never an account of the organization.
 */
function checkTrustedAccounts(config: LandingZoneConfig, broken: BrokenFields): Problem[] {
  const problems: Problem[] = [];
  if (config.guardrails === undefined || broken.any(['guardrails', 'trustedAccounts'], ['accounts'], ['organization'])) return problems;
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
