/**
 * Every SCP and RCP statement with the control it implements, flat: what the compliance catalogue derives
 * its guardrail rows from, and what the guardrail tests check for a control and an evaluated attack.
 */
import { type GuardrailInputs, type OrganizationPolicyDefinition, serviceControlPolicies } from './scp-statements';
import { resourceControlPolicies } from './rcp-statements';
import type { GuardrailStatement } from './statement';
import { guardrailSetStatements } from './ou-guardrails';
import { LANDING_ZONE_TAG_KEY } from '../names';

/** A guardrail statement with the type of organization policy that carries it. */
export interface LocatedGuardrailStatement {
  readonly policyType: 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY';
  readonly statement: GuardrailStatement;
}

/** Every SCP and RCP statement for `inputs`, with the control each implements. */
export function guardrailStatements(inputs: GuardrailInputs): LocatedGuardrailStatement[] {
  const located = (policyType: LocatedGuardrailStatement['policyType'], policies: OrganizationPolicyDefinition[]) =>
    policies.flatMap((p) => p.statements.map((statement) => ({ policyType, statement })));
  // The stricter per-OU sets are listed whether or not an OU selects them: what they deny is catalogue data.
  const sets = (['prod', 'sandbox'] as const).flatMap((set) => guardrailSetStatements(set, inputs.exemptArnPatterns));
  return [
    ...located('SERVICE_CONTROL_POLICY', serviceControlPolicies(inputs)),
    ...sets.map((statement) => ({ policyType: 'SERVICE_CONTROL_POLICY' as const, statement })),
    ...located('RESOURCE_CONTROL_POLICY', resourceControlPolicies(inputs)),
  ];
}

/**
 * The statements as the compliance catalogue reads them. What a statement denies (its actions and the
 * condition keys it tests) does not depend on the config, only the resources and values do, so
 * placeholder inputs give the catalogue every statement without a config.
 */
export const GUARDRAIL_STATEMENTS: readonly LocatedGuardrailStatement[] = guardrailStatements({
  organizationId: 'o-placeholder',
  governedRegions: ['placeholder-region'],
  exemptArnPatterns: ['arn:aws:iam::*:role/placeholder'],
  accountSettingsArnPattern: 'arn:aws:iam::*:role/placeholder',
  guardDutyAdminArnPattern: 'arn:aws:iam::*:role/placeholder',
  bootstrapRoleArnPattern: 'arn:aws:iam::*:role/placeholder',
  bootstrapDeployRoleArnPattern: 'arn:aws:iam::*:role/placeholder',
  elbLogDeliveryAccounts: [],
  trailName: 'placeholder',
  keyAliasPrefix: 'alias/placeholder/',
  logArchiveBucketNames: ['placeholder'],
  logArchiveBucketArnPattern: 'arn:aws:s3:::placeholder',
  policyName: (purpose) => purpose,
  edgeRegion: { enabled: true, bootstrapQualifiers: ['placeholder'] },
  landingZoneTag: { key: LANDING_ZONE_TAG_KEY, value: 'placeholder' },
  accessAnalyzerNames: ['placeholder'],
  trustedAccounts: [],
  automation: { roleArnPatterns: ['arn:aws:iam::*:role/placeholder'], containmentFunctionName: 'placeholder', runbookPrefix: 'placeholder', backupVaultName: 'placeholder' },
});
