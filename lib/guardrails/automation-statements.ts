/**
 * Guardrails for the automation the landing zone deploys into every member account through StackSets: the
 * incident-response roles, containment function and runbooks (issue 15), the organization backup vault and
 * role (issue 13), and the Resource Explorer index of the account baseline. A member account's administrator
 * could otherwise switch containment off, plant code in the runbook the responders run, stop backups, or drop
 * the account from the organization's search. Only the exempt principals (the StackSet execution role that
 * deploys them, the landing zone's CDK execution role, break-glass) may change them.
 *
 * Every resource is named by the landing zone (`lib/names.ts`), so each statement names it: a team's own
 * roles, functions, documents and vaults stay its own. Wildcards only where every action they match today is
 * a write on that resource (`test/lib/guardrails/automation-statements.test.ts` expands them against the
 * Service Authorization Reference data).
 *
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_awslambda.html
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssystemsmanager.html
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsbackup.html
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsresourceexplorer.html
 */
import type { LandingZoneConfig } from '../config/schema';
import { anyAccountRoleArnPattern, incidentResponseNames, organizationBackupNames } from '../names';
import type { GuardrailStatement } from './statement';

/** The names of the landing zone's member-account automation the guardrails protect. */
export interface AutomationGuardrailNames {
  /**
   * Role ARN patterns: the member containment automation role, the per-region handler role, the backup role,
   * and the security-log account's two roles the automation role trusts (responder, SSM administration).
   */
  readonly roleArnPatterns: readonly string[];
  /** The containment handler function, same name in every account and region. */
  readonly containmentFunctionName: string;
  /** Prefix of every incident-response runbook (SSM Automation document). */
  readonly runbookPrefix: string;
  /** The backup vault the organization backup policy names in every account and governed region. */
  readonly backupVaultName: string;
}

export function automationGuardrailNames(config: LandingZoneConfig): AutomationGuardrailNames {
  const ir = incidentResponseNames(config);
  const backup = organizationBackupNames(config);
  return {
    // The two security-log roles are named with their account: a team elsewhere may own a role of that fixed SSM name.
    roleArnPatterns: [ir.automationRoleArnPattern, ir.containmentRoleArnPattern, anyAccountRoleArnPattern(backup.roleName), ir.responderRoleArn, ir.automationAdministrationRoleArn],
    containmentFunctionName: ir.containmentFunctionName,
    runbookPrefix: ir.runbookPrefix,
    backupVaultName: backup.vaultName,
  };
}

/** The IAM actions that create, delete or change a role's trust, permissions or boundary. */
export const ROLE_CHANGE_ACTIONS: readonly string[] = [
  'iam:CreateRole',
  'iam:DeleteRole',
  'iam:UpdateRole',
  'iam:UpdateAssumeRolePolicy',
  'iam:PutRolePolicy',
  'iam:DeleteRolePolicy',
  'iam:AttachRolePolicy',
  'iam:DetachRolePolicy',
  'iam:PutRolePermissionsBoundary',
  'iam:DeleteRolePermissionsBoundary',
];

type Deny = (Sid: string, Action: string[], Resource: string | string[]) => GuardrailStatement;

/**
 * The statements, in two groups so each fits the SCP that has room for it (`serviceControlPolicies`).
 * `deny` builds a Deny with the exempt-principal condition.
 */
export function automationStatements(names: AutomationGuardrailNames, deny: Deny): { roles: GuardrailStatement[]; resources: GuardrailStatement[] } {
  const fn = `arn:aws:lambda:*:*:function:${names.containmentFunctionName}`;
  return {
    roles: [
      // A rewritten trust or policy would let someone act as the containment automation, or stop it and the backups.
      deny('ProtectAutomationRoles', [...ROLE_CHANGE_ACTIONS], [...names.roleArnPatterns]),
    ],
    resources: [
      // The handler acts on the account's other functions (reserved concurrency 0), never on itself; its code,
      // configuration, concurrency and resource policy stay what the StackSet deployed. Qualified ARNs too.
      deny(
        'ProtectContainmentFunction',
        ['lambda:CreateFunction', 'lambda:UpdateFunction*', 'lambda:DeleteFunction*', 'lambda:PutFunction*', 'lambda:AddPermission', 'lambda:RemovePermission'],
        [fn, `${fn}:*`],
      ),
      // The runbooks responders run: nobody plants steps in one, rolls it back, shares it, or pre-creates its name.
      deny(
        'ProtectContainmentRunbooks',
        ['ssm:CreateDocument', 'ssm:DeleteDocument', 'ssm:UpdateDocument*', 'ssm:ModifyDocumentPermission'],
        `arn:aws:ssm:*:*:document/${names.runbookPrefix}*`,
      ),
      // The vault the backup policy copies into: no deletion, no access-policy, lock or notification change.
      deny(
        'ProtectOrganizationBackupVault',
        ['backup:CreateBackupVault', 'backup:DeleteBackupVault*', 'backup:PutBackupVault*'],
        `arn:aws:backup:*:*:backup-vault:${names.backupVaultName}`,
      ),
      // One index per account and region, the baseline's (the security-log account's belong to its detection
      // stacks): its ARN carries a generated ID, not a name. Deleting it drops the account from the organization view.
      deny('ProtectResourceExplorerIndex', ['resource-explorer-2:DeleteIndex', 'resource-explorer-2:UpdateIndexType'], 'arn:aws:resource-explorer-2:*:*:index/*'),
    ],
  };
}
