/** `organization.policies`: the defaults, and a wrong target or copy region named with file, field and what is allowed. */
import { isValidationError } from '../../../constructs/core/validation-error';
import { parseConfig } from '../../../lib/config/load';
import { defaultConfig, defaultRawConfig } from '../../helpers';
import { stringify } from 'yaml';

function problems(raw: unknown): string[] {
  try {
    parseConfig(stringify(raw), 'lz.yaml');
    return [];
  } catch (e) {
    if (!isValidationError(e)) throw e;
    return [...e.problems];
  }
}

describe('organization.policies', () => {
  test('defaults: all four policies on, attached to Root; DataClassification with its four values; VPC BPA left to accounts', () => {
    const p = defaultConfig().organization.policies;
    expect([p.ec2.enabled, p.aiServicesOptOut.enabled, p.tags.enabled, p.backup.enabled]).toEqual([true, true, true, true]);
    for (const kind of [p.ec2, p.aiServicesOptOut, p.tags, p.backup]) expect(kind.targets).toEqual(['Root']);
    expect(p.tags.mandatory).toEqual({ DataClassification: ['public', 'internal', 'confidential', 'personal'] });
    expect(p.ec2.vpcBlockPublicAccess).toBe('unmanaged');
    expect(p.backup).toMatchObject({ selectionTag: { key: 'backup', value: 'daily' }, retentionDays: 35 });
  });

  test('a target that is not a declared OU is named with its field', () => {
    const raw = defaultRawConfig();
    raw.organization.policies = { tags: { targets: ['Workloads/Staging'] } };
    expect(problems(raw)).toEqual([expect.stringMatching(/^lz\.yaml:\d+:\d+ organization\.policies\.tags\.targets\[0\]: "Workloads\/Staging" is not an OU declared in ous/)]);
  });

  test('a backup copy region outside the governed regions, or a single governed region, is refused', () => {
    const raw = defaultRawConfig();
    raw.organization.policies = { backup: { copyRegion: 'us-west-2' } };
    expect(problems(raw)).toEqual([expect.stringMatching(/organization\.policies\.backup\.copyRegion: "us-west-2" must be one of organization\.governedRegions \(eu-west-1, eu-central-1\)/)]);
    const single = defaultRawConfig();
    single.organization.governedRegions = [single.organization.homeRegion];
    expect(problems(single)).toContainEqual(expect.stringMatching(/organization\.policies\.backup: the copy to a second region needs two governed regions \(found eu-west-1\)/));
  });

  test('an unknown VPC Block Public Access mode and a malformed enforced_for type are named with what is allowed', () => {
    const raw = defaultRawConfig();
    raw.organization.policies = { ec2: { vpcBlockPublicAccess: 'block' }, tags: { enforcedFor: ['buckets'] } };
    const found = problems(raw);
    expect(found).toContainEqual(expect.stringMatching(/organization\.policies\.ec2\.vpcBlockPublicAccess: .*unmanaged.*block_ingress.*block_bidirectional/));
    expect(found).toContainEqual(expect.stringMatching(/organization\.policies\.tags\.enforcedFor\[0\]: "buckets" is not a service:resource-type such as s3:bucket/));
  });
});
