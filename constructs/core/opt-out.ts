/**
 * The one way to weaken a secure default: a named opt-out with a reason. Every construct in this library
 * takes `optOuts: { <control>: OptOut.because('why') }`; each opt-out it honours is written to the
 * CloudFormation metadata of the resource it weakens (key {@link OPT_OUTS_METADATA_KEY}), so a reviewer
 * reading the template or a diff sees what was turned off and why, and the cdk-nag findings the opt-out
 * causes are acknowledged on that resource with the same reason (they land in `acknowledgments.md`).
 */
import { CfnResource, Token, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { NAG_CHECKS } from './nag-checks';
import { proactiveControlsOfNagRule } from './proactive-controls';

/** Template metadata key listing the opt-outs of a resource: `[{ control, reason }]`. */
export const OPT_OUTS_METADATA_KEY = 'secure-landing-zone:opt-outs';

/** Shortest accepted reason: the same bar as the landing zone's `LZ-AcknowledgmentReason` rule. */
export const MIN_REASON_LENGTH = 25;

/** An explicit decision to go without one secure default. */
export interface OptOut {
  /** Why this resource may go without the control (25+ characters; it is published in the template). */
  readonly reason: string;
}

export const OptOut = {
  /** `OptOut.because('Public marketing assets, no personal data')`. */
  because(reason: string): OptOut {
    return { reason };
  },
};

/** One opt-out as recorded in template metadata. */
export interface RecordedOptOut {
  readonly control: string;
  readonly reason: string;
}

/**
 * Checks the opt-outs a caller passed: each must be a control the construct knows and carry a reason of
 * {@link MIN_REASON_LENGTH}+ characters. Returns the problems (for a ValidationError), empty when fine.
 */
export function optOutProblems(optOuts: object | undefined, known: readonly string[]): string[] {
  if (optOuts === undefined) return [];
  const problems: string[] = [];
  for (const [control, value] of Object.entries(optOuts) as [string, OptOut | undefined][]) {
    if (value === undefined) continue;
    if (!known.includes(control)) {
      problems.push(`optOuts.${control}: "${control}" is not a control this construct can opt out of (allowed: ${known.join(', ')})`);
      continue;
    }
    const reason = typeof value?.reason === 'string' ? value.reason : undefined;
    if (reason === undefined || Token.isUnresolved(reason) || reason.trim().length < MIN_REASON_LENGTH) {
      problems.push(
        `optOuts.${control}.reason: ${JSON.stringify(reason ?? null)} is not a reason (allowed: a literal string of at least ${MIN_REASON_LENGTH} characters saying why this resource may go without ${control})`,
      );
    }
  }
  return problems;
}

/** True when the caller opted out of `control`. */
export function isOptedOut(optOuts: object | undefined, control: string): boolean {
  return (optOuts as Record<string, OptOut | undefined> | undefined)?.[control] !== undefined;
}

/**
 * Records one opt-out on the resource it weakens: appends `{ control, reason }` to the resource's
 * template metadata and acknowledges the cdk-nag findings it causes (exact rule IDs) with the reason.
 */
export function recordOptOut(resource: CfnResource, control: string, optOut: OptOut, nagRuleIds: readonly string[] = []): void {
  const existing = (resource.getMetadata(OPT_OUTS_METADATA_KEY) as RecordedOptOut[] | undefined) ?? [];
  resource.addMetadata(OPT_OUTS_METADATA_KEY, [...existing, { control, reason: optOut.reason }]);
  if (nagRuleIds.length > 0) acknowledgeEveryPack(resource, nagRuleIds, `Opted out of ${control}: ${optOut.reason}`);
}

/** Acknowledges cdk-nag findings that have no fix, on the exact resource, with one specific reason. */
export function acknowledgeNoFix(resource: CfnResource, nagRuleIds: readonly string[], reason: string): void {
  acknowledgeEveryPack(resource, nagRuleIds, reason);
}

/** Rule ID → the IDs of the same cdk-nag check in every pack (itself included), finding suffix kept. */
const EQUIVALENTS: ReadonlyMap<string, readonly string[]> = new Map(Object.values(NAG_CHECKS).flatMap((ids) => ids.map((id) => [id, ids] as const)));

/**
 * The rule IDs under which every pack reports the check `ruleId` names: `NIST.800.53.R5-S3BucketReplicationEnabled`
 * → the same check in HIPAA Security and PCI DSS 3.2.1 too; a finding suffix (`AwsSolutions-IAM5[Action::s3:*]`) is
 * kept. An ID no other pack shares comes back alone.
 */
export function equivalentNagRuleIds(ruleId: string): string[] {
  const m = /^([^[]+)(\[.*\])?$/.exec(ruleId);
  const ids = m ? EQUIVALENTS.get(m[1]) : undefined;
  return ids ? [ruleId, ...ids.map((id) => id + (m![2] ?? '')).filter((id) => id !== ruleId)] : [ruleId];
}

/**
 * Acknowledges each check once for every pack that has it, and for its Control Tower proactive-control twin, so a
 * team running HIPAA, PCI DSS or the proactive controls beside NIST sees one decision, not four findings. IDs already acknowledged on `scope` are not written twice.
 */
export function acknowledgeEveryPack(scope: IConstruct, nagRuleIds: readonly string[], reason: string): void {
  const already = new Set(acknowledgedIdsOn(scope));
  const checks = nagRuleIds.flatMap(equivalentNagRuleIds);
  // The Control Tower proactive control that tests the same thing holds the same decision (see proactive-controls.ts).
  const ids = [...new Set([...checks, ...checks.flatMap(proactiveControlsOfNagRule)])].filter((id) => !already.has(id));
  if (ids.length > 0) Validations.of(scope).acknowledge(...ids.map((id) => ({ id, reason })));
}

/** Rule IDs acknowledged on `scope` itself (CDK keeps IDs without a plugin prefix under `Annotation::`). */
export function acknowledgedIdsOn(scope: IConstruct): string[] {
  return scope.node.metadata
    .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap((m) => Object.keys(m.data as Record<string, string>).map((id) => id.replace(/^Annotation::/, '')));
}
