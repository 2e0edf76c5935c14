import { crossCheck } from '../../../lib/config/cross-checks';
import { defaultConfig } from '../../helpers';

test('the default config passes every cross-field rule', () => {
  expect(crossCheck(defaultConfig())).toEqual([]);
});

test('problems carry the YAML path of the field at fault', () => {
  const config = defaultConfig();
  const broken = { ...config, organization: { ...config.organization, governedRegions: ['eu-central-1'] } };
  expect(crossCheck(broken)).toContainEqual([['organization', 'homeRegion'], expect.stringMatching(/must be one of organization\.governedRegions/)]);
});

test('an office network overlapping a VPC is reported on the office CIDR', () => {
  const config = defaultConfig();
  const prod = { ...config.network.prod, transitGateway: { id: 'tgw-0123456789abcdef0', vpnBgpAsn: 65000, officeCidrs: ['10.20.5.0/24'] } };
  expect(crossCheck({ ...config, network: { ...config.network, prod } })).toContainEqual([
    ['network', 'prod', 'transitGateway', 'officeCidrs', 0],
    '"10.20.5.0/24" overlaps network.staging.cidr',
  ]);
});
