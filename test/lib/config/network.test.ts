import { availabilityZones, tierRequests } from '../../../lib/config/network';
import { defaultConfig } from '../../helpers';

test('AZ names default to the region with a, b, c... and honour azCount', () => {
  const config = defaultConfig();
  expect(availabilityZones(config, config.network.prod)).toEqual(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
  expect(availabilityZones(config, config.network.demo)).toEqual(['eu-west-1a', 'eu-west-1b']);
});

test('configured AZ names win over the default', () => {
  const config = defaultConfig();
  const env = { ...config.network.demo, availabilityZones: ['eu-west-1b', 'eu-west-1c', 'eu-west-1a'] };
  expect(availabilityZones(config, env)).toEqual(['eu-west-1b', 'eu-west-1c']);
});

test('the protected-data tier is requested only when configured', () => {
  const config = defaultConfig();
  expect(tierRequests(config.network.prod).map((t) => t.name)).toContain('protected-data');
  expect(tierRequests(config.network.demo).map((t) => t.name)).not.toContain('protected-data');
});
