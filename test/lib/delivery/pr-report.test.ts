import { complianceChanges, MAX_COMMENT_CHARS, PR_COMMENT_MARKER, renderPrReport } from '../../../lib/delivery/pr-report';
import type { ComplianceReport, ControlResult } from '../../../lib/evidence/compliance';

const control = (id: string, status: ControlResult['status']): ControlResult =>
  ({ id, framework: 'CIS', title: `title ${id}`, status, evidence: [], violations: [] }) as unknown as ControlResult;
const report = (...controls: ControlResult[]): ComplianceReport => ({ controls, totals: {} as ComplianceReport['totals'] });

describe('pull-request report', () => {
  test('lists every control whose status changed, including removed and new ones', () => {
    const before = report(control('1.1', 'implemented'), control('1.2', 'missing'), control('1.3', 'implemented'));
    const after = report(control('1.1', 'violated'), control('1.2', 'missing'), control('2.1', 'implemented'));
    expect(complianceChanges(before, after).map((c) => [c.id, c.was, c.now])).toEqual([
      ['1.1', 'implemented', 'violated'],
      ['2.1', 'absent', 'implemented'],
      ['1.3', 'implemented', 'removed'],
    ]);
  });

  test('starts with the marker the workflow finds it by and shows the safety verdict', () => {
    const body = renderPrReport({ diff: 'Stack acme-organization\nThere were no differences', safety: 'check:safety: ok', safetyPassed: false, controlChanges: [] });
    expect(body.split('\n')[0]).toBe(PR_COMMENT_MARKER);
    expect(body).toContain('### check:safety: ❌ failed');
    expect(body).toContain('No control changes status');
    expect(body).toContain('There were no differences');
  });

  test('cuts a diff too long for one GitHub comment and says so', () => {
    const body = renderPrReport({ diff: 'x'.repeat(200_000), safety: 'ok', safetyPassed: true, controlChanges: [] });
    expect(body.length).toBeLessThanOrEqual(MAX_COMMENT_CHARS);
    expect(body).toMatch(/cut at \d+ of 200000 characters: the full diff is in the job log/);
  });
});
