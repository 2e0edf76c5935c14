/**
 * Which stack declares a member account (and its Identity Center assignments). One fact, one place: the
 * schema, the stacks and the ELB log buckets all read it from here.
 *
 * CloudFormation allows 500 resources a stack, so a thousand accounts cannot live in the organization stack.
 * They spread over a fixed number of shard stacks, and an account's shard depends on nothing but its own
 * name (FNV-1a hash), never on its position in the config or on how many accounts there are: adding
 * account 401 anywhere in the list never moves accounts 1 to 400 to another stack (a move would delete the
 * account from one stack and declare it in another, which for `AWS::Organizations::Account` needs an import).
 *
 * `shard: organization` keeps an account in the organization stack, where every account declared before the
 * shards existed already is: moving it needs `cdk import`, so it never happens by default.
 */

/** Number of shard stacks. Fixed for good: changing it re-hashes (moves) every sharded account. */
export const ACCOUNT_SHARDS = 32;

/** The organization stack, or shard `0`..`ACCOUNT_SHARDS - 1`. */
export type AccountPlacement = 'organization' | number;

/** 32-bit FNV-1a of `text` (UTF-8): stable across Node versions and machines, unlike a runtime hash. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** Where an account is declared: its explicit `shard`, else the hash of its name. */
export function accountPlacement(account: { readonly name: string; readonly shard?: AccountPlacement }): AccountPlacement {
  return account.shard ?? fnv1a(account.name) % ACCOUNT_SHARDS;
}

/** Template metadata key of an account shard stack (`{ shard, accounts }`), read by `LZ-AccountShardSize`. */
export const ACCOUNT_SHARD_METADATA = 'SecureLandingZone::AccountShard';
