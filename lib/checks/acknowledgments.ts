/**
 * Acknowledged findings, collected from the construct tree into `cdk.out/acknowledgments.md`, and a
 * rule that rejects an acknowledgment whose reason would not convince a reviewer.
 */
import { Aspects, Validations, type IAspect, type IPolicyValidationContext } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { NAG_CHECKS } from '../../constructs/core/nag-checks';
import { acknowledgeEveryPack, equivalentNagRuleIds } from '../../constructs/core/opt-out';
import { PROACTIVE_CONTROL_NAG_CHECKS, PROACTIVE_CONTROLS_PLUGIN, proactiveControlsOfNagRule } from './proactive-controls';
import type { SynthReport } from '../template';
import type { TemplateRule } from './plugin';

export interface Acknowledgment {
  /** Construct path the acknowledgment sits on. */
  readonly path: string;
  /** Rule ID as acknowledged, e.g. `AwsSolutions-IAM5[Action::s3:*]`. */
  readonly ruleId: string;
  readonly reason: string;
  /**
   * The same check's rule IDs in the other packs, which this acknowledgment covers too (see
   * `equivalentNagRuleIds`); empty for a check only one pack has.
   */
  readonly alsoCovers?: readonly string[];
}

/**
 * Every acknowledgment recorded with `Validations.of(c).acknowledge(...)` below `root`, one per check and
 * construct: the IDs the same check has in other packs are folded into the first one's `alsoCovers`.
 */
export function collectAcknowledgments(root: IConstruct): Acknowledgment[] {
  return root.node.findAll().flatMap((c) => {
    const written = c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) =>
        Object.entries(m.data as Record<string, string>).map(([ruleId, reason]) => ({
          // CDK stores IDs acknowledged without a plugin prefix under its own `Annotation::` namespace.
          ruleId: ruleId.replace(/^Annotation::/, ''),
          reason,
        })),
      );
    const byCheck = new Map<string, { ruleId: string; reason: string; alsoCovers: string[] }>();
    for (const w of written) {
      const check = checkKey(w.ruleId);
      const first = byCheck.get(check);
      if (!first) byCheck.set(check, { ...w, alsoCovers: [] });
      else if (first.ruleId !== w.ruleId && !first.alsoCovers.includes(w.ruleId)) first.alsoCovers.push(w.ruleId);
    }
    return [...byCheck.values()].map((a) => ({
      path: c.node.path,
      ruleId: a.ruleId,
      reason: a.reason,
      ...(a.alsoCovers.length > 0 ? { alsoCovers: a.alsoCovers } : {}),
    }));
  });
}

/** One key for all the IDs of one check (and one finding of it), a proactive control with its nag check. */
function checkKey(ruleId: string): string {
  const control = ruleId.startsWith(`${PROACTIVE_CONTROLS_PLUGIN}::`) ? PROACTIVE_CONTROL_NAG_CHECKS[ruleId.split('::')[1]] : undefined;
  const nagId = control ? (NAG_CHECKS[control]?.[0] ?? ruleId) : ruleId;
  return equivalentNagRuleIds(nagId).sort().join(' ');
}

/**
 * Extends every acknowledgment in the app to the same check under every cdk-nag pack and to the Control Tower
 * proactive control that tests the same thing (`PROACTIVE_CONTROL_NAG_CHECKS`), with the same reason:
 * an acknowledgment is written once, by check, wherever it lives (`Validations.of(c).acknowledge` in any
 * construct), and holds for AwsSolutions, NIST 800-53 R5, HIPAA Security and PCI DSS 3.2.1 alike.
 */
export class AcknowledgeEveryPack implements IAspect {
  public visit(node: IConstruct): void {
    const written = node.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) => Object.entries(m.data as Record<string, string>));
    for (const [writtenId, reason] of written) {
      const id = writtenId.replace(/^Annotation::/, '');
      acknowledgeEveryPack(node, [id, ...equivalentNagRuleIds(id).flatMap(proactiveControlsOfNagRule)], reason);
    }
  }

  /**
   * Extends what `scope` (the app) holds now, and, as an aspect, what is added before synth. Both: a nested
   * Stage synthesized while the app is built (the StackSet templates) has run its aspects already.
   */
  public static applyTo(scope: IConstruct): void {
    const aspect = new AcknowledgeEveryPack();
    for (const c of scope.node.findAll()) aspect.visit(c);
    Aspects.of(scope).add(aspect);
  }
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

function alsoCovered(a: Acknowledgment): string {
  return a.alsoCovers && a.alsoCovers.length > 0 ? ` (also ${a.alsoCovers.map((id) => `\`${id}\``).join(', ')})` : '';
}

/** `cdk.out/acknowledgments.md`: what was acknowledged where, and why, for reviewers. */
export const acknowledgmentsReport: SynthReport = {
  fileName: 'acknowledgments.md',
  render: (_stacks, context: IPolicyValidationContext) => {
    const acks = collectAcknowledgments(context.appConstruct);
    const rows = acks
      .sort((a, b) => a.path.localeCompare(b.path) || a.ruleId.localeCompare(b.ruleId))
      .map((a) => `| \`${a.path}\` | \`${a.ruleId}\`${alsoCovered(a)} | ${a.reason.replace(/\|/g, '\\|').replace(/\n/g, ' ')} |`);
    return [
      '# Acknowledged findings',
      '',
      `${acks.length} acknowledgments. Each sits on the construct it excuses; unacknowledged errors fail the synth`,
      '(see validation-report.json). One acknowledgment covers its check under every pack that has it (listed after "also").',
      '',
      '| construct | rule | reason |',
      '|---|---|---|',
      ...rows,
      '',
    ].join('\n');
  },
};
