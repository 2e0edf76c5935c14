import * as fs from 'fs';
import * as path from 'path';
import { embedSections, readmeSections } from '../../../lib/evidence/readme';
import { ROOT } from '../../helpers';

const read = (p: string) => fs.readFileSync(path.join(ROOT, p), 'utf8');

const docs = () => ({ architecture: read('docs/organization-map.md'), compliance: read('docs/compliance.md'), cost: read('docs/cost.md'), network: read('docs/network.md') });

test('the README shows the current picture, compliance totals, cost table and tier adjacency (run `npm run record-release`)', () => {
  const readme = read('README.md');
  const sections = readmeSections(docs());
  expect(sections.architecture).toMatch(/^```mermaid\nflowchart/);
  expect(sections.cost).toMatch(/\| \*\*total\*\* \| \*\*\$[\d,.]+\*\* \|$/);
  expect(sections.tiers).toMatch(/^```mermaid\nflowchart LR\n[\s\S]*admin -->\|"admin: 22, 3389"\| other_workload_tiers\n```$/);
  expect(embedSections(readme, sections)).toBe(readme);
});

test('a README without a marked block is an error naming the block', () => {
  expect(() => embedSections('# title\n', { cost: '| x |' })).toThrow(/README has no <!-- generated:cost --> … <!-- \/generated:cost --> block/);
});

test('a generated page without the expected content is an error naming the page', () => {
  expect(() => readmeSections({ architecture: 'none', compliance: 'none', cost: 'none', network: 'none' })).toThrow(/docs\/organization-map\.md has no mermaid block/);
  expect(() => readmeSections({ ...docs(), network: '# Networks\n' })).toThrow(/docs\/network\.md has no mermaid block in its generated tiers block/);
});
