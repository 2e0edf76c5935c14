/**
 * The stateful-replacement guard: compares the synthesized templates with the last release using
 * `@aws-cdk/cloudformation-diff` and reports every replacement, destruction or orphaning of a resource
 * that holds data or identity (a renamed construct ID on the log bucket, a changed BucketName, a deleted
 * OU...) unless the config's `safety.allowReplacements` names it with a reason. A control implemented in
 * the release's compliance report and no longer implemented fails too.
 */
import { fullDiff, ResourceImpact, type ResourceDifference } from '@aws-cdk/cloudformation-diff';
import type { CfnTemplate } from '../template';
import { lostControls, type ComplianceReport } from '../evidence/compliance';

/** Resource types whose replacement or deletion loses data, history or identity. */
export const STATEFUL_TYPES: ReadonlySet<string> = new Set([
  'AWS::S3::Bucket',
  'AWS::KMS::Key',
  'AWS::Logs::LogGroup',
  'AWS::Glue::Database',
  'AWS::Glue::Table',
  'AWS::CloudTrail::Trail',
  'AWS::EC2::VPC',
  'AWS::EC2::Subnet',
  'AWS::Organizations::Account',
  'AWS::Organizations::OrganizationalUnit',
  'AWS::Organizations::Policy',
  'AWS::SSO::PermissionSet',
  'AWS::Backup::BackupVault',
  'AWS::DynamoDB::Table',
]);

/** True when the resource `logicalId` of `template` is stateful (SNS topics only when someone subscribes). */
export function isStateful(template: CfnTemplate, logicalId: string): boolean {
  const resource = template.Resources?.[logicalId];
  if (!resource) return false;
  if (STATEFUL_TYPES.has(resource.Type)) return true;
  if (resource.Type !== 'AWS::SNS::Topic') return false;
  if ((resource.Properties?.Subscription ?? []).length > 0) return true;
  return Object.values(template.Resources ?? {}).some(
    (r) => r.Type === 'AWS::SNS::Subscription' && JSON.stringify(r.Properties?.TopicArn ?? null).includes(`"${logicalId}"`),
  );
}

export interface AllowedReplacement {
  readonly stack: string;
  readonly logicalId: string;
  readonly reason: string;
}

export interface SafetyFinding {
  readonly stack: string;
  /** Logical ID, or the control ID for a lost control. */
  readonly logicalId: string;
  readonly type: string;
  readonly impact: 'WILL_REPLACE' | 'MAY_REPLACE' | 'WILL_DESTROY' | 'WILL_ORPHAN' | 'CONTROL_LOST';
  readonly message: string;
}

export interface SafetyResult {
  /** Findings that fail the check. */
  readonly failures: SafetyFinding[];
  /** Findings an allowlist entry permits, with its reason. */
  readonly allowed: (SafetyFinding & { readonly reason: string })[];
  /** Allowlist entries matching nothing (stale: remove them after the release). */
  readonly unusedAllowances: AllowedReplacement[];
}

const show = (v: unknown) => (v === undefined ? '(unset)' : JSON.stringify(v));

/** The stateful changes one stack's update would make. */
export function statefulChanges(stack: string, before: CfnTemplate, after: CfnTemplate | undefined): SafetyFinding[] {
  const diff = fullDiff(before, after ?? {});
  const findings: SafetyFinding[] = [];
  diff.resources.forEachDifference((logicalId: string, change: ResourceDifference) => {
    if (!isStateful(before, logicalId)) return;
    const type = change.oldResourceType ?? 'unknown';
    const where = `${stack}/${logicalId} (${type})`;
    if (change.isRemoval) {
      const orphan = change.changeImpact === ResourceImpact.WILL_ORPHAN;
      const cause = after ? 'it is no longer in the template: a changed construct ID changes the logical ID' : 'its stack is no longer in the app';
      findings.push({
        stack,
        logicalId,
        type,
        impact: orphan ? 'WILL_ORPHAN' : 'WILL_DESTROY',
        message: orphan
          ? `${where} would be orphaned (retained in the account but no longer managed; a replacement with the same name fails): ${cause}`
          : `${where} would be deleted (with any data it holds): ${cause}`,
      });
      return;
    }
    const impact = change.changeImpact;
    if (impact !== ResourceImpact.WILL_REPLACE && impact !== ResourceImpact.MAY_REPLACE) return;
    const forcing = Object.entries(change.propertyUpdates)
      .filter(([, d]) => d.changeImpact === ResourceImpact.WILL_REPLACE || d.changeImpact === ResourceImpact.MAY_REPLACE)
      .map(([name, d]) => `${name} ${show(d.oldValue)} → ${show(d.newValue)}`);
    if (change.resourceTypeChanged) forcing.push(`Type ${change.oldResourceType} → ${change.newResourceType}`);
    findings.push({
      stack,
      logicalId,
      type,
      impact: impact === ResourceImpact.WILL_REPLACE ? 'WILL_REPLACE' : 'MAY_REPLACE',
      message: `${where} ${impact === ResourceImpact.WILL_REPLACE ? 'would be replaced' : 'may be replaced'} (a new physical resource, the old one and its data deleted): property ${forcing.join('; ') || '(unknown)'} forces it`,
    });
  });
  return findings;
}

export interface SafetyInput {
  /** Released templates by stack name. */
  readonly released: Record<string, CfnTemplate>;
  /** Synthesized templates by stack name. */
  readonly current: Record<string, CfnTemplate>;
  readonly allow: readonly AllowedReplacement[];
  readonly releasedCompliance?: ComplianceReport;
  readonly currentCompliance?: ComplianceReport;
}

/** Compares `current` with `released`; pure. */
export function checkSafety(input: SafetyInput): SafetyResult {
  const findings = Object.entries(input.released).flatMap(([stack, before]) => statefulChanges(stack, before, input.current[stack]));
  const controls: SafetyFinding[] =
    input.releasedCompliance && input.currentCompliance
      ? lostControls(input.releasedCompliance, input.currentCompliance).map((c) => ({
          stack: '(all stacks)',
          logicalId: c.id,
          type: 'control',
          impact: 'CONTROL_LOST' as const,
          message: `control ${c.id} is implemented in the release and now ${c.now}: restore it, or refresh the release at release if its removal is intended`,
        }))
      : [];
  const match = (f: SafetyFinding) => input.allow.find((a) => a.stack === f.stack && a.logicalId === f.logicalId);
  const failures = [...findings, ...controls].filter((f) => !match(f));
  const allowed = findings.filter(match).map((f) => ({ ...f, reason: match(f)!.reason }));
  const unusedAllowances = input.allow.filter((a) => !findings.some((f) => a.stack === f.stack && a.logicalId === f.logicalId));
  return { failures, allowed, unusedAllowances };
}
