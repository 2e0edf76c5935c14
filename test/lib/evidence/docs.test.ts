import * as fs from 'fs';
import * as path from 'path';
import { COMPLIANCE_DOC_PATH, COST_DOC_PATH, renderComplianceDoc, renderCostDoc } from '../../../lib/evidence/docs';
import { readRelease } from '../../../lib/safety/release';
import { defaultConfig, ROOT } from '../../helpers';

const release = readRelease();

test('docs/compliance.md shows the last release (run `npm run record-release` at release)', () => {
  expect(fs.readFileSync(path.join(ROOT, COMPLIANCE_DOC_PATH), 'utf8')).toBe(renderComplianceDoc(release.stacks));
});

test('docs/cost.md shows the last release with the default config accounts', () => {
  expect(fs.readFileSync(path.join(ROOT, COST_DOC_PATH), 'utf8')).toBe(renderCostDoc(release.stacks, defaultConfig()));
});

test('released/compliance.json is the compliance of the release templates', () => {
  expect(JSON.parse(JSON.stringify(release.compliance))).toEqual(
    JSON.parse(fs.readFileSync(path.join(ROOT, 'released/compliance.json'), 'utf8')),
  );
  expect(release.stacks.every((s) => /^\d{12}$/.test(s.account ?? ''))).toBe(true);
});

test('docs/architecture.md names only files and folders that exist', () => {
  const page = fs.readFileSync(path.join(ROOT, 'docs/architecture.md'), 'utf8');
  const named = [...page.matchAll(/`((?:constructs|lib|lambda|test|scripts|config|docs|released)(?:\/[\w.<>-]*)*)`/g)].map((m) => m[1]);
  expect(named.length).toBeGreaterThan(20);
  const concrete = named.filter((p) => !p.includes('<'));
  expect(concrete.filter((p) => !fs.existsSync(path.join(ROOT, p)))).toEqual([]);
});
