/**
 * `LZ-AccountShardSize`: each account shard stack stays far below CloudFormation's 500 resources, so a shard
 * that fills up is noticed long before the stack limit (LZ-StackResourceLimit, 450) stops a deploy. A shard
 * holds an account's `AWS::Organizations::Account` (or placement custom resource) and one
 * `AWS::SSO::Assignment` per group and permission set given in it.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html
 */
import { ACCOUNT_SHARD_METADATA } from '../config/account-shards';
import type { Finding, TemplateRule } from './plugin';

/** Resources a shard may hold: half of CloudFormation's 500, so a full shard still deploys and can be split. */
export const ACCOUNT_SHARD_MAX_RESOURCES = 250;

export const accountShardSizeRule: TemplateRule = {
  id: 'LZ-AccountShardSize',
  description: `Every account shard stack holds at most ${ACCOUNT_SHARD_MAX_RESOURCES} resources (half of CloudFormation's 500).`,
  check(stacks): Finding[] {
    return stacks.flatMap((s) => {
      const shard = (s.template.Metadata as Record<string, { shard: number; accounts: string[] }> | undefined)?.[ACCOUNT_SHARD_METADATA];
      const n = Object.keys(s.template.Resources ?? {}).length;
      if (!shard || n <= ACCOUNT_SHARD_MAX_RESOURCES) return [];
      return [{
        stackPath: s.stackPath,
        logicalId: '(stack)',
        message:
          `account shard ${shard.shard} has ${n} resources for ${shard.accounts.length} accounts; the limit is ${ACCOUNT_SHARD_MAX_RESOURCES} ` +
          `(half of CloudFormation's 500). Give the accounts you are adding an explicit shard: <n> naming a less full shard in config ` +
          `(never change the shard of a deployed account: moving it needs cdk import)`,
      }];
    });
  },
};
