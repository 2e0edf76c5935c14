import { BrokenFields, salvage } from '../../../lib/config/salvage';
import { landingZoneSchema } from '../../../lib/config/schema';
import { defaultRawConfig } from '../../helpers';

test('keeps what parsed, with defaults, and leaves out what did not', () => {
  const raw = defaultRawConfig();
  raw.accounts[2].email = 'not-an-email';
  raw.network.demo.azCount = 'two';
  const config = salvage(landingZoneSchema, raw) as any;
  expect(config.accounts[2]).toEqual({ name: 'prod', id: '333333333333', ou: 'Workloads/Prod', role: 'workload', shard: 'organization' });
  expect(config.network.demo.azCount).toBeUndefined();
  expect(config.network.demo.bastion).toBe(true);
  expect(config.logging.athena).toEqual({ bytesScannedCutoffGb: 10, resultsExpirationDays: 30 });
});

test('a broken field is found by its own path, an enclosing one, or a wildcard', () => {
  const broken = new BrokenFields([['accounts', 2, 'role']]);
  expect(broken.has('accounts', 2, 'role')).toBe(true);
  expect(broken.has('accounts')).toBe(true);
  expect(broken.has('accounts', '*', 'role')).toBe(true);
  expect(broken.has('accounts', '*', 'id')).toBe(false);
  expect(BrokenFields.NONE.has('accounts')).toBe(false);
});
