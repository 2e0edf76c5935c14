import { tierRequests } from '../../../constructs/network/tiers';
import { VpcEndpoints } from '../../../constructs/network/vpc-endpoints';
import { FLOW_LOG_FIELDS, FLOW_LOG_FORMAT } from '../../../constructs/network/vpc-logging';

describe('tierRequests', () => {
  test('defaults, the optional protected-data tier and the /28 infrastructure tiers', () => {
    expect(tierRequests({})).toEqual([
      { name: 'public', prefix: 24 },
      { name: 'app', prefix: 22 },
      { name: 'data', prefix: 24 },
      { name: 'admin', prefix: 27 },
      { name: 'monitoring', prefix: 27 },
    ]);
    expect(tierRequests({ protectedData: 25 }, { firewall: true, transit: true }).slice(5)).toEqual([
      { name: 'protected-data', prefix: 25 },
      { name: 'firewall', prefix: 28 },
      { name: 'transit', prefix: 28 },
    ]);
  });
});

describe('names shared with other code', () => {
  test('endpoint construct IDs are stable whatever the list order', () => {
    expect(['ecr.api', 'ssmmessages', 'ecr.dkr'].map(VpcEndpoints.constructIdFor)).toEqual(['EcrApi', 'Ssmmessages', 'EcrDkr']);
  });

  test('the flow log format lists every field once, starting with the default format', () => {
    expect(new Set(FLOW_LOG_FIELDS).size).toBe(FLOW_LOG_FIELDS.length);
    expect(FLOW_LOG_FORMAT.startsWith('${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status}')).toBe(true);
  });
});
