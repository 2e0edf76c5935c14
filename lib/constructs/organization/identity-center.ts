import { CfnAssignment, CfnPermissionSet } from 'aws-cdk-lib/aws-sso';
import { Construct } from 'constructs';
import { ValidationError } from '../../../constructs/core/validation-error';

/** The permission sets this construct declares. */
export type PermissionSetName = 'Administrator' | 'ReadOnly' | 'SecurityAudit';

/** One group given one permission set in some accounts. */
export interface IdentityCenterAssignment {
  /** Identity Store group ID. */
  readonly groupId: string;
  readonly permissionSet: PermissionSetName;
  /** Account IDs (literal or token) the group gets the permission set in. */
  readonly accountIds: readonly string[];
}

/** Props for {@link IdentityCenter}. */
export interface IdentityCenterProps {
  /** ARN of the IAM Identity Center instance (`arn:aws:sso:::instance/ssoins-...`). */
  readonly instanceArn: string;
  /** Group assignments. @default [] */
  readonly assignments?: readonly IdentityCenterAssignment[];
  /**
   * Session length of the Administrator permission set (ISO 8601, PT1H to PT12H). Short, so a stolen
   * session expires soon and standing admin access is rare.
   * @default 'PT1H'
   */
  readonly administratorSessionDuration?: string;
}

/**
 * People's way in: IAM Identity Center permission sets and group-to-account assignments. No IAM users.
 *
 * Default settings:
 * - Administrator: AWS managed `AdministratorAccess`, 1-hour sessions.
 * - ReadOnly: `ReadOnlyAccess`, 4-hour sessions.
 * - SecurityAudit: `SecurityAudit` + `ReadOnlyAccess` (auditors need the configuration reads), 4-hour sessions.
 * - Every guardrail SCP still applies to these sessions: Identity Center roles are never exempt.
 *
 * @see CIS AWS Foundations 1.20 (manage identities centrally), Security Hub IAM.2 / IAM.5
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sso-permissionset.html
 */
export class IdentityCenter extends Construct {
  public readonly permissionSets: Record<PermissionSetName, CfnPermissionSet>;

  constructor(scope: Construct, id: string, props: IdentityCenterProps) {
    super(scope, id);
    const adminSession = props.administratorSessionDuration ?? 'PT1H';
    const hours = /^PT(\d{1,2})H$/.exec(adminSession);
    if (!hours || Number(hours[1]) < 1 || Number(hours[1]) > 12) {
      throw ValidationError.of(this, 'IdentityCenter', [
        `administratorSessionDuration: "${adminSession}" is not a whole number of hours from PT1H to PT12H`,
      ]);
    }
    const managed = (name: string) => `arn:aws:iam::aws:policy/${name}`;
    const set = (name: PermissionSetName, description: string, policies: string[], sessionDuration: string) =>
      new CfnPermissionSet(this, name, {
        instanceArn: props.instanceArn,
        name,
        description,
        managedPolicies: policies.map(managed),
        sessionDuration,
      });
    this.permissionSets = {
      Administrator: set('Administrator', 'Full access within the guardrails; short sessions.', ['AdministratorAccess'], adminSession),
      ReadOnly: set('ReadOnly', 'Read-only access to resources and configuration.', ['ReadOnlyAccess'], 'PT4H'),
      SecurityAudit: set('SecurityAudit', 'Security configuration reads for auditors.', ['SecurityAudit', 'ReadOnlyAccess'], 'PT4H'),
    };

    IdentityCenterAssignments.declare(this, props.instanceArn, (name) => this.permissionSets[name].attrPermissionSetArn, props.assignments ?? []);
  }
}

/** Props for {@link IdentityCenterAssignments}. */
export interface IdentityCenterAssignmentsProps {
  /** ARN of the IAM Identity Center instance. */
  readonly instanceArn: string;
  /** ARN of each permission set (declared by {@link IdentityCenter} in the organization stack). */
  readonly permissionSetArns: Readonly<Record<PermissionSetName, string>>;
  /** Group assignments; only those of this stack's accounts. */
  readonly assignments: readonly IdentityCenterAssignment[];
}

/**
 * Group-to-account assignments of permission sets declared elsewhere: the account shard stacks hold the
 * assignments of their own accounts, so the organization stack does not grow by one resource per account
 * and group. Same construct IDs as {@link IdentityCenter}'s, so an assignment's logical ID depends only on
 * group, set and account.
 */
export class IdentityCenterAssignments extends Construct {
  constructor(scope: Construct, id: string, props: IdentityCenterAssignmentsProps) {
    super(scope, id);
    IdentityCenterAssignments.declare(this, props.instanceArn, (name) => props.permissionSetArns[name], props.assignments);
  }

  /** One `AWS::SSO::Assignment` per (group, set, account) under `scope`. */
  public static declare(
    scope: Construct,
    instanceArn: string,
    permissionSetArn: (name: PermissionSetName) => string,
    assignments: readonly IdentityCenterAssignment[],
  ): void {
    for (const a of assignments) {
      for (const accountId of a.accountIds) {
        // The ID is derived from group, set and account, so reordering config never replaces an assignment.
        new CfnAssignment(scope, `${a.permissionSet}-${a.groupId}-${accountId}`.replace(/[^A-Za-z0-9-]/g, ''), {
          instanceArn,
          permissionSetArn: permissionSetArn(a.permissionSet),
          principalType: 'GROUP',
          principalId: a.groupId,
          targetType: 'AWS_ACCOUNT',
          targetId: accountId,
        });
      }
    }
  }
}
