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

test('a break-glass principal outside the management account is refused, naming it and the account', () => {
  const config = defaultConfig();
  const outside = 'arn:aws:iam::333333333333:user/break-glass-1';
  const broken = { ...config, organization: { ...config.organization, breakGlassPrincipals: [config.organization.breakGlassPrincipals[0], outside] } };
  expect(crossCheck(broken)).toEqual([
    [['organization', 'breakGlassPrincipals', 1], `"${outside}" is not in the management account 111111111111 (allowed: its IAM users and roles)`],
  ]);
});
