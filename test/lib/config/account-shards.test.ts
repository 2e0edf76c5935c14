import { ACCOUNT_SHARDS, accountPlacement, fnv1a } from '../../../lib/config/account-shards';
import { defaultRawConfig, parseRaw } from '../../helpers';

describe('account placement', () => {
  test('FNV-1a matches the published test vectors, so placement never depends on the runtime', () => {
    // http://www.isthe.com/chongo/tech/comp/fnv/index.html (FNV-1a 32-bit: "" → 0x811c9dc5, "a" → 0xe40c292c, "foobar" → 0xbf9cf968)
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
    expect(fnv1a('foobar')).toBe(0xbf9cf968);
  });

  test('adding account 401 at the front of the list moves none of accounts 1 to 400', () => {
    const names = Array.from({ length: 400 }, (_, i) => ({ name: `team-${i}` }));
    const before = names.map(accountPlacement);
    const after = [{ name: 'newcomer' }, ...names].map(accountPlacement).slice(1);
    expect(after).toEqual(before);
  });

  test('400 accounts use every one of the shards, none with more than twice its share', () => {
    const counts = new Map<number | string, number>();
    for (let i = 0; i < 400; i++) {
      const p = accountPlacement({ name: `workload-${i}` });
      counts.set(p, (counts.get(p) ?? 0) + 1);
    }
    expect(counts.size).toBe(ACCOUNT_SHARDS);
    expect(Math.max(...counts.values())).toBeLessThanOrEqual((2 * 400) / ACCOUNT_SHARDS);
  });

  test('an explicit shard wins over the hash, and organization keeps the account in the organization stack', () => {
    expect(accountPlacement({ name: 'prod', shard: 7 })).toBe(7);
    expect(accountPlacement({ name: 'prod', shard: 'organization' })).toBe('organization');
  });

  test('the config accepts shard 0 to 31 or organization and names the field, value and what is allowed otherwise', () => {
    const raw = defaultRawConfig();
    raw.accounts.push({ name: 'team-a', id: '555555555555', email: 'a@example.com', ou: 'Sandbox', shard: 31 });
    expect(parseRaw(raw).accounts.at(-1)!.shard).toBe(31);
    raw.accounts.at(-1).shard = 32;
    expect(() => parseRaw(raw)).toThrow(/accounts\.4\.shard|accounts\[4\]\.shard/);
  });
});
