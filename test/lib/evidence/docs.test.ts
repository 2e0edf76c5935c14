import * as fs from 'fs';
import * as path from 'path';
import { COMPLIANCE_DOC_PATH, COST_DOC_PATH, renderComplianceDoc, renderCostDoc } from '../../../lib/evidence/docs';
import { readBaseline } from '../../../lib/safety/baseline';
import { defaultConfig, ROOT } from '../../helpers';

const baseline = readBaseline();

test('docs/compliance.md shows the released baseline (run `npm run baseline` at release)', () => {
  expect(fs.readFileSync(path.join(ROOT, COMPLIANCE_DOC_PATH), 'utf8')).toBe(renderComplianceDoc(baseline.stacks));
});

test('docs/cost.md shows the released baseline with the default config accounts', () => {
  expect(fs.readFileSync(path.join(ROOT, COST_DOC_PATH), 'utf8')).toBe(renderCostDoc(baseline.stacks, defaultConfig()));
});

test('baseline/compliance.json is the compliance of the baseline templates', () => {
  expect(JSON.parse(JSON.stringify(baseline.compliance))).toEqual(
    JSON.parse(fs.readFileSync(path.join(ROOT, 'baseline/compliance.json'), 'utf8')),
  );
  expect(baseline.stacks.every((s) => /^\d{12}$/.test(s.account ?? ''))).toBe(true);
});
