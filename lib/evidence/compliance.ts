/**
 * The compliance report: each catalogued control with the resources implementing it (stack and logical
 * ID) or why it is out of scope, with totals. Written to `cdk.out/compliance.md` and `compliance.json`
 * at every synth; the safety check compares `compliance.json` with the last release.
 */
import type { SynthReport } from '../template';
import { CONTROLS, type Control } from './controls';
import { GUARDRAIL_STATEMENTS } from '../guardrails/guardrail-statements';
import { DETECTOR_EXPECTS, DETECTORS, guardrailInForce, metricFilterAlarm, type DetectorResult } from './detectors';
import { indexResources, type IndexedResource, type ResourceRef, type StackTemplate } from './resources';

export type ControlStatus = 'implemented' | 'missing' | 'violated' | 'not-applicable' | 'out-of-scope';

export interface ControlResult {
  readonly id: string;
  readonly framework: Control['framework'];
  readonly title: string;
  readonly securityHub?: string;
  readonly status: ControlStatus;
  readonly evidence: ResourceRef[];
  readonly violations: ResourceRef[];
  /** Why the control is out of scope, or how it was looked for when missing. */
  readonly note?: string;
}

export interface ComplianceReport {
  readonly controls: ControlResult[];
  readonly totals: Record<ControlStatus, number> & { readonly total: number };
}

/**
 * What the templates say about one control. A detector that throws on an unexpected template shape
 * reports the control missing with the error, rather than failing the synth over a report.
 */
export function evaluateControl(control: Control, resources: readonly IndexedResource[]): ControlResult {
  try {
    return evaluate(control, resources);
  } catch (e) {
    if (e instanceof UnknownDetectorError) throw e;
    return { id: control.id, framework: control.framework, title: control.title, securityHub: control.securityHub, status: 'missing', evidence: [], violations: [], note: `detector error: ${(e as Error).message}` };
  }
}

class UnknownDetectorError extends Error {}

function evaluate(control: Control, resources: readonly IndexedResource[]): ControlResult {
  const base = { id: control.id, framework: control.framework, title: control.title, securityHub: control.securityHub };
  const check = control.check;
  if ('outOfScope' in check) return { ...base, status: 'out-of-scope', evidence: [], violations: [], note: check.outOfScope };
  let result: DetectorResult;
  let lookedFor: string;
  if ('detector' in check) {
    const detector = DETECTORS[check.detector];
    if (!detector) throw new UnknownDetectorError(`control ${control.id} names unknown detector ${check.detector}`);
    result = detector(resources);
    lookedFor = DETECTOR_EXPECTS[check.detector] ?? `detector ${check.detector}`;
  } else if ('guardrail' in check) {
    const statements = GUARDRAIL_STATEMENTS.filter((s) => s.statement.control === check.guardrail);
    if (statements.length === 0) throw new UnknownDetectorError(`control ${control.id} is implemented by no SCP/RCP statement`);
    result = guardrailInForce(resources, statements);
    lookedFor = `organization policy Deny statements covering ${statements.map((s) => s.statement.Sid).join(', ')} (lib/guardrails/scp-statements.ts)`;
  } else {
    result = metricFilterAlarm(resources, check.metricFilter);
    lookedFor = `a metric filter whose pattern has ${check.metricFilter.length > 3 ? 'every CIS event name' : `${check.metricFilter.join(', ')}`}, and an alarm on its metric with an action`;
  }
  return { ...base, ...statusOf(result), evidence: result.evidence, violations: result.violations, note: statusOf(result).status === 'missing' ? `looked for ${lookedFor}${result.note ? `: ${result.note}` : ''}` : undefined };
}

function statusOf(r: DetectorResult): { status: ControlStatus } {
  if (r.violations.length > 0) return { status: 'violated' };
  if (r.applicable === false) return { status: 'not-applicable' };
  if (r.evidence.length > 0 || r.prohibition) return { status: 'implemented' };
  return { status: 'missing' };
}

/** Evaluates the whole catalogue over the synthesized templates. */
export function complianceReport(stacks: readonly StackTemplate[], controls: readonly Control[] = CONTROLS): ComplianceReport {
  const resources = indexResources(stacks);
  const results = controls.map((c) => evaluateControl(c, resources));
  const count = (s: ControlStatus) => results.filter((r) => r.status === s).length;
  return {
    controls: results,
    totals: {
      total: results.length,
      implemented: count('implemented'),
      missing: count('missing'),
      violated: count('violated'),
      'not-applicable': count('not-applicable'),
      'out-of-scope': count('out-of-scope'),
    },
  };
}

/** IDs of controls implemented in `before` and no longer implemented in `after`. */
export function lostControls(before: ComplianceReport, after: ComplianceReport): { id: string; was: ControlStatus; now: ControlStatus | 'removed' }[] {
  return before.controls
    .filter((b) => b.status === 'implemented')
    .map((b) => ({ id: b.id, was: b.status, now: after.controls.find((a) => a.id === b.id)?.status ?? ('removed' as const) }))
    .filter((x) => x.now !== 'implemented' && x.now !== 'not-applicable');
}

const MAX_REFS = 6;
function refs(list: readonly ResourceRef[]): string {
  const shown = list.slice(0, MAX_REFS).map((r) => `\`${r.stack}\` / \`${r.logicalId}\``);
  return shown.join('<br>') + (list.length > MAX_REFS ? `<br>… and ${list.length - MAX_REFS} more` : '');
}

const ICON: Record<ControlStatus, string> = {
  implemented: '✅ implemented',
  missing: '❌ missing',
  violated: '⛔ violated',
  'not-applicable': '➖ not applicable',
  'out-of-scope': '📋 out of scope',
};

export function renderComplianceMarkdown(report: ComplianceReport): string {
  const t = report.totals;
  const section = (framework: Control['framework'], heading: string) => [
    `## ${heading}`,
    '',
    '| control | status | implemented by (stack / logical ID) | notes |',
    '|---|---|---|---|',
    ...report.controls
      .filter((c) => c.framework === framework)
      .map((c) => {
        const title = `**${c.id}** ${c.title}${c.securityHub ? ` (Security Hub ${c.securityHub})` : ''}`;
        const notes = [c.violations.length ? `violated by ${refs(c.violations)}` : '', c.note ?? ''].filter(Boolean).join('; ');
        return `| ${title} | ${ICON[c.status]} | ${refs(c.evidence) || '—'} | ${notes.replace(/\|/g, '\\|')} |`;
      }),
    '',
  ];
  return [
    '# Compliance report',
    '',
    'Generated at synth from the templates alone (StackSet template bodies included), so it shows what the',
    'code declares, not what is deployed: AWS Security Hub checks the running accounts. A prohibition',
    '(e.g. "no IAM users") is implemented when no template contradicts it.',
    '',
    `**${t.implemented} of ${t.total} controls implemented**, ${t.missing} missing, ${t.violated} violated, ` +
      `${t['not-applicable']} not applicable, ${t['out-of-scope']} out of scope.`,
    '',
    ...section('CIS v5.0', 'CIS AWS Foundations Benchmark v5.0'),
    ...section('Guardrail', 'Organization guardrails (SCPs and RCPs)'),
  ].join('\n');
}

export function renderComplianceJson(report: ComplianceReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

// The markdown and JSON reports of one synth read the same stacks: the report is computed once for both
// (at 1,000 accounts it costs about half a second).
const reportOf = new WeakMap<readonly StackTemplate[], ComplianceReport>();
function sharedComplianceReport(stacks: readonly StackTemplate[]): ComplianceReport {
  let report = reportOf.get(stacks);
  if (!report) reportOf.set(stacks, (report = complianceReport(stacks)));
  return report;
}

export const complianceMarkdownReport: SynthReport = {
  fileName: 'compliance.md',
  render: (stacks) => renderComplianceMarkdown(sharedComplianceReport(stacks)),
};

export const complianceJsonReport: SynthReport = {
  fileName: 'compliance.json',
  render: (stacks) => renderComplianceJson(sharedComplianceReport(stacks)),
};
