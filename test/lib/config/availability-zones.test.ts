import { AVAILABILITY_ZONES_AS_OF, REGION_ZONES, UNLISTED_REGIONS, azCountLimit, azLetters } from '../../../lib/config/availability-zones';
import { KNOWN_REGIONS } from '../../../lib/config/schema';

test('every region aws-cdk-lib knows has a row or a reason it has none (a new region needs a decision)', () => {
  const decided = new Set([...Object.keys(REGION_ZONES), ...Object.keys(UNLISTED_REGIONS)]);
  expect(KNOWN_REGIONS.filter((r) => !decided.has(r))).toEqual([]);
  expect(Object.keys(REGION_ZONES).filter((r) => r in UNLISTED_REGIONS)).toEqual([]);
});

test('the table is dated', () => {
  expect(AVAILABILITY_ZONES_AS_OF).toMatch(/^\d{4}-\d{2}$/);
});

test('zones are letters, not assumed to run a, b, c', () => {
  expect(azLetters('ap-northeast-1')).toEqual(['a', 'c', 'd']);
  expect(azCountLimit('us-west-1')).toBe(2);
  expect(azCountLimit('eu-west-1')).toBe(3);
  expect(azLetters('us-iso-east-1')).toBeUndefined();
});
