import * as fs from 'fs';
import * as path from 'path';
import { reportedFindings, synthSummary } from '../../../lib/evidence/synth-summary';
import { tempOutdir } from '../../helpers';

test('names the stacks per account and region, the findings, compliance, cost and where the reports are', () => {
  const out = tempOutdir();
  const write = (f: string, v: unknown) => fs.writeFileSync(path.join(out, f), typeof v === 'string' ? v : JSON.stringify(v));
  write('manifest.json', {
    artifacts: {
      a: { type: 'aws:cloudformation:stack', environment: 'aws://111111111111/eu-west-1' },
      b: { type: 'aws:cloudformation:stack', environment: 'aws://111111111111/eu-west-1' },
      c: { type: 'aws:cloudformation:stack', environment: 'aws://222222222222/eu-central-1' },
      t: { type: 'cdk:tree' },
    },
  });
  write('validation-report.json', { pluginReports: [{ violations: [{ severity: 'warning', violatingResources: [{}, {}] }] }] });
  write('acknowledgments.md', '# Acknowledgments\n\n| rule | construct | reason |\n|---|---|---|\n| A | x | y |\n| B | x | y |\n');
  write('compliance.json', { totals: { implemented: 40, missing: 2, total: 42 }, controls: [{ id: 'CIS 1.1', status: 'missing' }, { id: 'CIS 1.2', status: 'missing' }] });
  write('cost.json', { total: 1234.5, currency: 'USD', region: 'eu-west-1' });
  expect(synthSummary(out)).toBe(
    [
      `Synthesized 3 stacks into ${out}:`,
      '  111111111111  eu-west-1  2 stacks',
      '  222222222222  eu-central-1  1 stack',
      'Findings: 0 errors, 2 warnings, 2 acknowledged on their constructs',
      'Compliance: 40 of 42 controls implemented; missing: CIS 1.1, CIS 1.2',
      'Monthly fixed cost: 1234.50 USD (eu-west-1 list prices; usage extra)',
      `Reports: ${[ 'validation-report.json', 'acknowledgments.md'].map((f) => path.join(out, f)).join(', ')}`,
      '',
    ].join('\n'),
  );
});

test('counts the findings a report still holds, so `npm run synth` fails on them even when CDK exited 0', () => {
  const out = tempOutdir();
  expect(reportedFindings(out)).toBe(0); // no report: nothing found
  fs.writeFileSync(path.join(out, 'validation-report.json'), JSON.stringify({ pluginReports: [{ violations: [{ severity: 'error', violatingResources: [{}] }, { severity: 'error' }] }, { violations: [] }] }));
  expect(reportedFindings(out)).toBe(2);
});
