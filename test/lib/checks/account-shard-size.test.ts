import { ACCOUNT_SHARD_MAX_RESOURCES, accountShardSizeRule } from '../../../lib/checks/account-shard-size';
import { ACCOUNT_SHARD_METADATA } from '../../../lib/config/account-shards';
import type { SynthesizedStack } from '../../../lib/template';

const resources = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`X${i}`, { Type: 'AWS::SSO::Assignment' }]));
const shard = (n: number, metadata = true): SynthesizedStack => ({
  stackPath: 'acme-accounts-07-management-eu-west-1',
  templatePath: '',
  template: { Resources: resources(n), ...(metadata ? { Metadata: { [ACCOUNT_SHARD_METADATA]: { shard: 7, accounts: ['a', 'b'] } } } : {}) },
});

describe('LZ-AccountShardSize', () => {
  test(`a shard of ${ACCOUNT_SHARD_MAX_RESOURCES} resources passes`, () => {
    expect(accountShardSizeRule.check([shard(ACCOUNT_SHARD_MAX_RESOURCES)])).toEqual([]);
  });

  test('one more fails, naming the shard, the figure, the limit and the fix', () => {
    const [finding] = accountShardSizeRule.check([shard(ACCOUNT_SHARD_MAX_RESOURCES + 1)]);
    expect(finding.stackPath).toBe('acme-accounts-07-management-eu-west-1');
    expect(finding.message).toMatch(/^account shard 7 has 251 resources for 2 accounts; the limit is 250 .*explicit shard: <n>.*never change the shard of a deployed account/);
  });

  test('stacks that are not account shards are left to LZ-StackResourceLimit', () => {
    expect(accountShardSizeRule.check([shard(400, false)])).toEqual([]);
  });
});
