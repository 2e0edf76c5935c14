/**
 * Acknowledged findings, collected from the construct tree into `cdk.out/acknowledgments.md`, and a
 * rule that rejects an acknowledgment whose reason would not convince a reviewer.
 */
import { Validations, type IPolicyValidationContext } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { SynthReport } from '../template';
import type { TemplateRule } from './plugin';

export interface Acknowledgment {
  /** Construct path the acknowledgment sits on. */
  readonly path: string;
  /** Rule ID as acknowledged, e.g. `AwsSolutions-IAM5[Action::s3:*]`. */
  readonly ruleId: string;
  readonly reason: string;
}

/** Every acknowledgment recorded with `Validations.of(c).acknowledge(...)` below `root`. */
export function collectAcknowledgments(root: IConstruct): Acknowledgment[] {
  return root.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) =>
        Object.entries(m.data as Record<string, string>).map(([ruleId, reason]) => ({
          path: c.node.path,
          // CDK stores IDs acknowledged without a plugin prefix under its own `Annotation::` namespace.
          ruleId: ruleId.replace(/^Annotation::/, ''),
          reason,
        })),
      ),
  );
}

/** Reasons that explain nothing about the resource they excuse. */
const VAGUE = /^(custom resource|cdk|n\/a|none|ok|fine|not needed|false positive|suppressed|todo|tbd)\.?$/i;

/** A reason must say why this resource is safe: at least 25 characters and not a stock phrase. */
export function vagueAcknowledgments(acks: readonly Acknowledgment[]): Acknowledgment[] {
  return acks.filter((a) => a.reason.trim().length < 25 || VAGUE.test(a.reason.trim()));
}

/** `LZ-AcknowledgmentReason`: every acknowledgment carries a specific reason. */
export function acknowledgmentReasonRule(root: IConstruct): TemplateRule {
  return {
    id: 'LZ-AcknowledgmentReason',
    description: 'Every acknowledged finding carries a reason specific to the resource (25+ characters, not a stock phrase).',
    check: () =>
      vagueAcknowledgments(collectAcknowledgments(root)).map((a) => ({
        stackPath: a.path.split('/')[0],
        logicalId: a.path.split('/').slice(1).join('/') || '(stack)',
        message: `acknowledgment of ${a.ruleId} has reason "${a.reason}": say why this resource is safe`,
      })),
  };
}

/** `cdk.out/acknowledgments.md`: what was acknowledged where, and why, for reviewers. */
export const acknowledgmentsReport: SynthReport = {
  fileName: 'acknowledgments.md',
  render: (_stacks, context: IPolicyValidationContext) => {
    const acks = collectAcknowledgments(context.appConstruct);
    const rows = acks
      .sort((a, b) => a.path.localeCompare(b.path) || a.ruleId.localeCompare(b.ruleId))
      .map((a) => `| \`${a.path}\` | \`${a.ruleId}\` | ${a.reason.replace(/\|/g, '\\|').replace(/\n/g, ' ')} |`);
    return [
      '# Acknowledged findings',
      '',
      `${acks.length} acknowledgments. Each sits on the construct it excuses; unacknowledged errors fail the synth`,
      '(see validation-report.json).',
      '',
      '| construct | rule | reason |',
      '|---|---|---|',
      ...rows,
      '',
    ].join('\n');
  },
};
