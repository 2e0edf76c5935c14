import * as fs from 'fs';
import * as path from 'path';
import { readBaseline, writeBaseline } from '../../../lib/safety/baseline';
import { tempOutdir } from '../../helpers';

const stack = (name: string) => ({
  stackPath: name,
  template: { Resources: { Bucket: { Type: 'AWS::S3::Bucket' } } },
  account: '222222222222',
  region: 'eu-west-1',
});

test('the baseline round-trips templates, environments and the compliance report, and drops stale stacks', () => {
  const dir = tempOutdir();
  writeBaseline([stack('acme-old-management-eu-west-1')], dir);
  writeBaseline([stack('acme-log-archive-security-log-eu-west-1')], dir);
  const baseline = readBaseline(dir);
  expect(Object.keys(baseline.templates)).toEqual(['acme-log-archive-security-log-eu-west-1']);
  expect(baseline.stacks[0]).toMatchObject({ account: '222222222222', region: 'eu-west-1' });
  expect(baseline.compliance?.controls.find((c) => c.id === 'CIS 2.1.1')?.status).toBe('violated');
  expect(fs.existsSync(path.join(dir, 'acme-old-management-eu-west-1.template.json'))).toBe(false);
});

test('a missing baseline directory reads as empty (a first release has nothing to protect)', () => {
  expect(readBaseline(path.join(tempOutdir(), 'none'))).toEqual({ templates: {}, stacks: [] });
});
