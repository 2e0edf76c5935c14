import * as fs from 'fs';
import * as path from 'path';
import { embedSections, readmeSections } from '../../../lib/evidence/readme';
import { ROOT } from '../../helpers';

const read = (p: string) => fs.readFileSync(path.join(ROOT, p), 'utf8');

test('the README shows the current picture, compliance totals and cost table (run `npm run baseline`)', () => {
  const readme = read('README.md');
  const sections = readmeSections({ architecture: read('docs/organization-map.md'), compliance: read('docs/compliance.md'), cost: read('docs/cost.md') });
  expect(sections.architecture).toMatch(/^```mermaid\nflowchart/);
  expect(sections.cost).toMatch(/\| \*\*total\*\* \| \*\*\$[\d,.]+\*\* \|$/);
  expect(embedSections(readme, sections)).toBe(readme);
});

test('a README without a marked block is an error naming the block', () => {
  expect(() => embedSections('# title\n', { cost: '| x |' })).toThrow(/README has no <!-- generated:cost --> … <!-- \/generated:cost --> block/);
});

test('a generated page without the expected content is an error naming the page', () => {
  expect(() => readmeSections({ architecture: 'none', compliance: 'none', cost: 'none' })).toThrow(/docs\/organization-map\.md has no mermaid block/);
});
