/**
 * The one pull-request comment of the delivery pipeline: `cdk diff` of every stack, the `check:safety`
 * verdict, and the compliance and cost changes against `released/`. The workflow finds its previous comment
 * by the marker on the first line and edits it, so a pull request carries one comment, never a stack of them.
 */
import type { ComplianceReport, ControlStatus } from '../evidence/compliance';

/** First line of the comment: how the workflow finds the comment to replace. */
export const PR_COMMENT_MARKER = '<!-- secure-landing-zone: delivery report -->';
/** GitHub rejects issue comments over 65,536 characters; the diff is cut to stay below. */
export const MAX_COMMENT_CHARS = 65_000;

export interface ControlChange {
  readonly id: string;
  readonly title: string;
  readonly was: ControlStatus | 'absent';
  readonly now: ControlStatus | 'removed';
}

/** Every control whose status differs between the release and this change, in catalogue order. */
export function complianceChanges(before: ComplianceReport | undefined, after: ComplianceReport): ControlChange[] {
  const was = new Map((before?.controls ?? []).map((c) => [c.id, c]));
  const changes: ControlChange[] = after.controls
    .filter((c) => was.get(c.id)?.status !== c.status)
    .map((c) => ({ id: c.id, title: c.title, was: was.get(c.id)?.status ?? 'absent', now: c.status }));
  const now = new Set(after.controls.map((c) => c.id));
  for (const c of before?.controls ?? []) if (!now.has(c.id)) changes.push({ id: c.id, title: c.title, was: c.status, now: 'removed' });
  return changes;
}

export interface PrReportInput {
  /** Output of `cdk diff --method=template --all`. */
  readonly diff: string;
  /** Output of `npm run check:safety` (it includes the cost change line). */
  readonly safety: string;
  readonly safetyPassed: boolean;
  readonly controlChanges: readonly ControlChange[];
}

/** The comment body in GitHub Markdown, at most {@link MAX_COMMENT_CHARS} characters. */
export function renderPrReport(input: PrReportInput): string {
  const changes =
    input.controlChanges.length === 0
      ? 'No control changes status against `released/`.'
      : ['| control | released | this change |', '|---|---|---|', ...input.controlChanges.map((c) => `| ${c.id} ${c.title} | ${c.was} | ${c.now} |`)].join('\n');
  const head = [
    PR_COMMENT_MARKER,
    '## Landing zone: what this pull request changes',
    '',
    `### check:safety: ${input.safetyPassed ? '✅ passed' : '❌ failed'}`,
    '```',
    input.safety.trim(),
    '```',
    '',
    '### Compliance changes against released/',
    changes,
    '',
    '### cdk diff (deployed templates, read through the bootstrap lookup roles)',
  ].join('\n');
  const fence = (body: string) => `<details><summary>diff of every stack</summary>\n\n\`\`\`\n${body}\n\`\`\`\n</details>\n`;
  const room = MAX_COMMENT_CHARS - head.length - fence('').length - 200;
  const diff = input.diff.trim();
  const shown = diff.length <= room ? diff : `${diff.slice(0, room)}\n… cut at ${room} of ${diff.length} characters: the full diff is in the job log.`;
  return `${head}\n${fence(shown)}`;
}
