import { RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import { CfnAccount } from 'aws-cdk-lib/aws-organizations';
import { AwsCustomResource, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Validations } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { SdkCallExecution } from '../core/sdk-call-execution';
import { ValidationError } from '../../../constructs/core/validation-error';

/** One member account and where it belongs. */
export interface OrganizationAccount {
  /** Short name; the account name of a declared account and the basis of construct IDs. */
  readonly name: string;
  /** Root email. With an email the account is declared as `AWS::Organizations::Account`. @default - adopted by id */
  readonly email?: string;
  /** 12-digit ID. Without an email, the account is adopted: moved into its parent, never created. @default - none */
  readonly id?: string;
  /** ID of the parent (OU ID or root ID, possibly a token of an OU declared in the same stack). */
  readonly parentId: string;
}

/** Props for {@link OrganizationAccounts}. */
export interface OrganizationAccountsProps {
  /** Organization ID (`o-...`), scoping the adopted accounts' move permission. */
  readonly organizationId: string;
  /** Member accounts (never the management account: it always stays in the root and is not declared). */
  readonly accounts: readonly OrganizationAccount[];
}

/**
 * Member accounts of the organization, each placed in its OU.
 *
 * Default settings:
 * - An account with an email is an `AWS::Organizations::Account` with `DeletionPolicy: Retain`: removing it
 *   from config or deleting the stack never closes or removes an account. An existing account is brought
 *   under management with `cdk import` (identifier: its account ID), never re-created.
 * - An account with only an ID is adopted: a custom resource reads its current parent
 *   (`organizations:ListParents`) and moves it (`organizations:MoveAccount`) when, and only when, its target
 *   parent changes. Moving it to where it already is succeeds (`DuplicateAccountException` is ignored).
 *
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-organizations-account.html
 */
export class OrganizationAccounts extends Construct {
  /** Account ID (literal or `Fn::GetAtt AccountId`) by account name. */
  public readonly accountIds: Record<string, string> = {};

  constructor(scope: Construct, id: string, props: OrganizationAccountsProps) {
    super(scope, id);
    const problems: string[] = [];
    props.accounts.forEach((a, i) => {
      if (!a.email && !a.id) problems.push(`accounts[${i}] (${a.name}): needs an email (declare) or an id (adopt), received neither`);
      if (a.id !== undefined && !/^\d{12}$/.test(a.id)) problems.push(`accounts[${i}].id: "${a.id}" is not a 12-digit account ID`);
    });
    if (problems.length > 0) throw new ValidationError('Invalid OrganizationAccounts props:', problems);

    const adopted = props.accounts.filter((a) => !a.email);
    for (const account of props.accounts.filter((a) => a.email)) {
      const cfn = new CfnAccount(this, OrganizationAccounts.constructIdFor(account.name), {
        accountName: account.name,
        email: account.email!,
        parentIds: [account.parentId],
      });
      cfn.applyRemovalPolicy(RemovalPolicy.RETAIN);
      this.accountIds[account.name] = account.id ?? cfn.attrAccountId;
    }
    if (adopted.length > 0) this.adopt(props.organizationId, adopted);
  }

  private adopt(organizationId: string, accounts: readonly OrganizationAccount[]): void {
    const stack = Stack.of(this);
    const arn = (kind: string) => `arn:${stack.partition}:organizations::${stack.account}:${kind}`;
    const execution = new SdkCallExecution(this, 'Placement', {
      purpose: 'Moves adopted accounts into their OUs (organization management account).',
      statements: [
        new PolicyStatement({
          actions: ['organizations:ListParents', 'organizations:MoveAccount'],
          resources: [
            ...accounts.map((a) => arn(`account/${organizationId}/${a.id}`)),
            arn(`ou/${organizationId}/ou-*`),
            arn(`root/${organizationId}/r-*`),
          ],
        }),
      ],
    });
    const { role, logGroup, policy } = execution;
    // cdk-nag renders an unresolved partition as <AWS::Partition> in finding IDs.
    const idArn = (kind: string) =>
      `arn:${Token.isUnresolved(stack.partition) ? '<AWS::Partition>' : stack.partition}:organizations::${stack.account}:${kind}`;
    Validations.of(policy).acknowledge(
      {
        id: `AwsSolutions-IAM5[Resource::${idArn(`ou/${organizationId}/ou-*`)}]`,
        reason: 'MoveAccount needs the source and destination OUs; both are OUs of this organization only, whatever their IDs.',
      },
      {
        id: `AwsSolutions-IAM5[Resource::${idArn(`root/${organizationId}/r-*`)}]`,
        reason: 'MoveAccount may use the root of this organization (one root per organization) as source or destination.',
      },
    );
    for (const account of accounts) {
      const scope = new Construct(this, OrganizationAccounts.constructIdFor(account.name));
      const common = { role, logGroup, installLatestAwsSdk: false };
      // Re-reads the parent whenever the target changes, so the move below always names the true source.
      const parents = new AwsCustomResource(scope, 'CurrentParent', {
        ...common,
        onUpdate: {
          service: 'Organizations',
          action: 'listParents',
          parameters: { ChildId: account.id },
          physicalResourceId: PhysicalResourceId.of(`${account.id}->${account.parentId}`),
        },
      });
      const move = new AwsCustomResource(scope, 'Placement', {
        ...common,
        onUpdate: {
          service: 'Organizations',
          action: 'moveAccount',
          parameters: {
            AccountId: account.id,
            SourceParentId: parents.getResponseField('Parents.0.Id'),
            DestinationParentId: account.parentId,
          },
          physicalResourceId: PhysicalResourceId.of(`${account.id}->${account.parentId}`),
          // Already in the destination: nothing to do.
          ignoreErrorCodesMatching: 'DuplicateAccountException',
        },
      });
      parents.node.addDependency(policy);
      move.node.addDependency(policy);
      this.accountIds[account.name] = account.id!;
    }
    SdkCallExecution.acknowledgeSingleton(this);
  }

  /** `security-log` → `SecurityLog`: stable, never changes once an account is declared. */
  public static constructIdFor(name: string): string {
    return name.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase());
  }
}
