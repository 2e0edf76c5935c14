import {
  accountSettingsRoleArnPattern,
  accountSettingsRoleName,
  exemptPrincipalArnPatterns,
  keyAliasPrefix,
  logArchiveNames,
  organizationPolicyName,
  organizationTrailNames,
} from '../../lib/names';
import { defaultConfig, templateOf } from '../helpers';

const config = defaultConfig();
const globMatch = (pattern: string, value: string) => new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`).test(value);

describe('names the organization stack owns or consumes', () => {
  const template = templateOf('organization', config).toJSON();
  const policies = Object.values<any>(template.Resources).filter((r) => r.Type === 'AWS::Organizations::Policy');
  const content = JSON.stringify(policies.map((p) => p.Properties.Content));

  test('the organization stack creates the policies organizationPolicyName() names', () => {
    const names = policies.map((p) => p.Properties.Name);
    for (const purpose of ['scp-identity-regions', 'scp-security-services', 'scp-data-protection', 'rcp-data-perimeter']) {
      expect(names).toContain(organizationPolicyName(config, purpose));
    }
  });

  test('the guardrails protect exactly the trail, key aliases and buckets the log stacks are named with', () => {
    expect(content).toContain(`trail/${organizationTrailNames(config).trailName}`);
    expect(content).toContain(`"kms:ResourceAliases":"${keyAliasPrefix(config)}*"`);
    const archive = logArchiveNames(config);
    const buckets = Object.entries(archive).filter(([k]) => /bucketname$/i.test(k));
    expect(buckets.length).toBeGreaterThanOrEqual(3);
    for (const [, bucket] of buckets) {
      expect(content).toContain(`arn:aws:s3:::${bucket}`);
    }
    expect(archive.keyAlias.startsWith(keyAliasPrefix(config))).toBe(true);
  });

  test('every exempt pattern is in the SCPs, and the account-settings role name matches its pattern', () => {
    for (const pattern of exemptPrincipalArnPatterns(config)) expect(content).toContain(pattern);
    const roleArn = `arn:aws:iam::333333333333:role/${accountSettingsRoleName(config, 'eu-central-1')}`;
    expect(globMatch(accountSettingsRoleArnPattern(config), roleArn)).toBe(true);
    expect(exemptPrincipalArnPatterns(config).some((p) => globMatch(p, roleArn))).toBe(false);
  });
});
