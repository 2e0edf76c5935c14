/**
 * A guardrail statement as the landing zone writes it: the statement a policy document carries, and beside
 * it the control it implements. The annotation never reaches a template (`document` leaves it out); the
 * compliance catalogue and the guardrail tests read it.
 */
import type { PolicyStatement } from '../template';

/**
 * The organization guardrail controls the statements implement: each is a row of the compliance catalogue
 * (`lib/evidence/controls.ts`), which reads what a row requires from the statements that name it.
 */
export type GuardrailControlId =
  | 'SCP stay-in-organization'
  | 'SCP governed-regions'
  | 'SCP no-root-user'
  | 'SCP no-iam-users'
  | 'SCP protect-exempt-roles'
  | 'SCP protect-cloudtrail'
  | 'SCP protect-config'
  | 'SCP protect-guardduty'
  | 'SCP protect-securityhub'
  | 'SCP protect-access-analyzer'
  | 'SCP keep-flow-logs-no-default-vpc'
  | 'SCP keep-ebs-encryption'
  | 'SCP no-unencrypted-volumes'
  | 'SCP keep-account-public-access-block'
  | 'SCP imdsv2'
  | 'SCP protect-keys'
  | 'SCP protect-log-archive'
  | 'SCP protect-log-delivery'
  | 'SCP protect-landing-zone-tag'
  | 'SCP protect-landing-zone-automation'
  | 'SCP prod-keep-backups'
  | 'SCP prod-no-public-acls'
  | 'SCP sandbox-cost-limits'
  | 'RCP data-perimeter';

/** A guardrail statement as written here: the template's statement plus the control it implements. */
export interface GuardrailStatement extends PolicyStatement {
  readonly Sid: string;
  readonly Effect: 'Deny' | 'Allow';
  readonly Principal?: '*';
  readonly NotAction?: string[];
  /** `Resource` or `NotResource`, one of the two. */
  readonly Resource?: string | string[];
  readonly NotResource?: string[];
  readonly Condition?: Record<string, Record<string, string | string[]>>;
  /** The control this statement implements. Not part of the policy: `document` leaves it out. */
  readonly control: GuardrailControlId;
}

export interface PolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: PolicyStatement[];
}

/** The policy document of `statements`, as it is synthesized (without the `control` annotations). */
export function document(statements: readonly GuardrailStatement[]): PolicyDocument {
  return { Version: '2012-10-17', Statement: statements.map(({ control: _control, ...statement }) => statement) };
}
