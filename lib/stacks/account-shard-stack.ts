import { Stack, type StackProps } from 'aws-cdk-lib';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';
import { IdentityCenterAssignments, type PermissionSetName } from '../constructs/organization/identity-center';
import { OrganizationAccounts } from '../constructs/organization/organization-accounts';
import { ACCOUNT_SHARD_METADATA } from '../config/account-shards';
import type { AccountConfig, LandingZoneConfig } from '../config/schema';


/** The slice of config one account shard needs: its accounts and their assignments. */
export interface AccountShardStackProps extends StackProps {
  /** This shard's number (0-based), recorded in the template for the size check. */
  readonly shard: number;
  /** Organization ID (`o-...`) and root ID. */
  readonly organization: Pick<LandingZoneConfig['organization'], 'id' | 'rootId'>;
  /** The accounts placed in this shard (never the management account). */
  readonly accounts: readonly AccountConfig[];
  /** Identity Center instance and the assignments naming this shard's accounts. @default - no assignments */
  readonly identity?: LandingZoneConfig['identity'];
  /** SSM parameter names the organization stack writes (OU IDs, permission-set ARNs). */
  readonly parameters: { readonly ouId: (path: string) => string; readonly permissionSetArn: (name: string) => string };
}

/**
 * Management account, home region: one shard of the organization's member accounts and their Identity Center
 * assignments, so no stack grows past CloudFormation's 500 resources as the organization grows. OU IDs and
 * permission-set ARNs come from SSM parameters the organization stack writes (same account and region), so
 * no export ties the two stacks; the shard deploys after the organization stack.
 */
export class AccountShardStack extends Stack {
  public readonly accounts: OrganizationAccounts;

  constructor(scope: Construct, id: string, props: AccountShardStackProps) {
    super(scope, id, props);
    this.templateOptions.metadata = { [ACCOUNT_SHARD_METADATA]: { shard: props.shard, accounts: props.accounts.map((a) => a.name) } };
    const { rootId } = props.organization;
    const parentId = (ou: string) => (ou === 'Root' ? rootId : StringParameter.valueForStringParameter(this, props.parameters.ouId(ou)));
    // Same construct ID as in the organization stack: an account's logical ID depends only on its name.
    this.accounts = new OrganizationAccounts(this, 'Accounts', {
      organizationId: props.organization.id,
      accounts: props.accounts.map((a) => ({ name: a.name, email: a.email, id: a.id, parentId: parentId(a.ou) })),
    });

    if (props.identity) {
      const mine = new Set(props.accounts.map((a) => a.name));
      const assignments = props.identity.assignments
        .map((a) => ({ groupId: a.groupId, permissionSet: a.permissionSet, accountIds: a.accounts.filter((n) => mine.has(n)).map((n) => this.accounts.accountIds[n]) }))
        .filter((a) => a.accountIds.length > 0);
      const used = [...new Set(assignments.map((a) => a.permissionSet))];
      const arns = Object.fromEntries(
        used.map((name) => [name, StringParameter.valueForStringParameter(this, props.parameters.permissionSetArn(name))]),
      ) as Record<PermissionSetName, string>;
      if (assignments.length > 0) {
        new IdentityCenterAssignments(this, 'IdentityCenter', { instanceArn: props.identity.instanceArn, permissionSetArns: arns, assignments });
      }
    }
  }
}
