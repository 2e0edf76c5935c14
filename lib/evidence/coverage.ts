/**
 * Where a setting holds: a control that every account must satisfy counts only when its evidence reaches
 * every account the landing zone deploys to, the management account included, and (for regional settings)
 * every governed region. A service-managed StackSet reaches every member account of its targets but never
 * the management account it is administered from, so StackSet evidence alone leaves that account out.
 *
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-manage-auto-deployment.html
 *   ("StackSets doesn't deploy stack instances to the organization's management account")
 */
import { asList, type IndexedResource, type ResourceRef } from './resources';

const ref = (r: IndexedResource): ResourceRef => ({ stack: r.stack, logicalId: r.logicalId });

/** Regions the landing zone deploys stacks to (the governed regions), sorted. */
function stackRegions(rs: readonly IndexedResource[]): string[] {
  return [...new Set(rs.filter((r) => !r.stackSet && r.region).map((r) => r.region!))].sort();
}

/** Accounts the landing zone deploys stacks to, sorted. */
function stackAccounts(rs: readonly IndexedResource[]): string[] {
  return [...new Set(rs.filter((r) => !r.stackSet && r.account).map((r) => r.account!))].sort();
}

/** The regions a StackSet resource deploys to (undefined when a token or parameter decides). */
function stackSetRegions(r: IndexedResource, rs: readonly IndexedResource[]): string[] | undefined {
  const set = rs.find((x) => x.stack === r.stack && x.logicalId === r.stackSet);
  const regions = asList<any>(set?.properties.StackInstancesGroup).flatMap((g) => asList<unknown>(g?.Regions));
  return regions.length > 0 && regions.every((x) => typeof x === 'string') ? (regions as string[]) : undefined;
}

/** True when `r` exists in `account` and `region` (region undefined: anywhere in the account). */
function covers(r: IndexedResource, account: string, region: string | undefined, rs: readonly IndexedResource[]): boolean {
  if (!r.stackSet) return r.account === account && (region === undefined || r.region === region);
  // A service-managed StackSet deploys to member accounts, never to the account that administers it.
  if (r.account === account) return false;
  const regions = stackSetRegions(r, rs);
  return region === undefined || regions === undefined || regions.includes(region);
}

/**
 * `evidence` is enough only when it exists in every account the landing zone has stacks in (the management
 * account among them) and, with `regional`, in every governed region of each; otherwise the note names the
 * accounts and regions that lack it.
 */
export function inEveryAccount(
  evidence: readonly IndexedResource[],
  rs: readonly IndexedResource[],
  regional: boolean,
): { evidence: ResourceRef[]; violations: ResourceRef[]; note?: string } {
  if (evidence.length === 0) return { evidence: [], violations: [] };
  const regions: Array<string | undefined> = regional ? stackRegions(rs) : [undefined];
  const missing = stackAccounts(rs).flatMap((account) => {
    const lacking = regions.filter((region) => !evidence.some((e) => covers(e, account, region, rs)));
    if (lacking.length === 0) return [];
    return [regional ? `${account} (${lacking.join(', ')})` : account];
  });
  if (missing.length > 0) return { evidence: [], violations: [], note: `missing in account ${missing.join(', account ')}` };
  return { evidence: evidence.map(ref), violations: [] };
}
