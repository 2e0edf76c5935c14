import * as fs from 'fs';
import * as path from 'path';
import { readRelease, writeRelease } from '../../../lib/safety/release';
import { tempOutdir } from '../../helpers';

const stack = (name: string) => ({
  stackPath: name,
  template: { Resources: { Bucket: { Type: 'AWS::S3::Bucket' } } },
  account: '222222222222',
  region: 'eu-west-1',
});

test('the release round-trips templates, environments and the compliance report, and drops stale stacks', () => {
  const dir = tempOutdir();
  writeRelease([stack('acme-old-management-eu-west-1')], dir);
  writeRelease([stack('acme-log-archive-security-log-eu-west-1')], dir);
  const release = readRelease(dir);
  expect(Object.keys(release.templates)).toEqual(['acme-log-archive-security-log-eu-west-1']);
  expect(release.stacks[0]).toMatchObject({ account: '222222222222', region: 'eu-west-1' });
  expect(release.compliance?.controls.find((c) => c.id === 'CIS 2.1.1')?.status).toBe('violated');
  expect(fs.existsSync(path.join(dir, 'acme-old-management-eu-west-1.template.json'))).toBe(false);
});

test('a missing released/ directory reads as empty (a first release has nothing to protect)', () => {
  expect(readRelease(path.join(tempOutdir(), 'none'))).toEqual({ templates: {}, stacks: [] });
});
