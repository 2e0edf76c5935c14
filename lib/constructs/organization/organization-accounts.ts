import * as path from 'path';
import { Duration, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import { CfnAccount } from 'aws-cdk-lib/aws-organizations';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { ControlPlaneCustomResource } from '../core/control-plane-custom-resource';
import { logsEncryptionKey } from '../../../constructs/core/logs-key';
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
 * - An account with only an ID is adopted: a custom resource (`lambda/account-placement`) reads its current parent
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
    if (problems.length > 0) throw ValidationError.of(this, 'OrganizationAccounts', problems);

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
    // The key and handler log group keep the IDs they were released with (both retained): `Default`
    // hides the pattern's own level from logical IDs, `Logs` was the log group's ID.
    const execution = new Construct(this, 'Placement');
    const placement = new ControlPlaneCustomResource(execution, 'Default', {
      entry: path.join(__dirname, '..', '..', '..', 'lambda', 'account-placement', 'index.ts'),
      purpose: 'Adopted-account placement handler',
      resourceType: 'Custom::AccountPlacement',
      logKey: logsEncryptionKey(execution, 'LogKey', 'Encrypts the logs of: Moves adopted accounts into their OUs (organization management account).'),
      handlerLogsId: 'Logs',
      timeout: Duration.minutes(2),
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
    // cdk-nag renders an unresolved partition as <AWS::Partition> in finding IDs.
    const idArn = (kind: string) =>
      `arn:${Token.isUnresolved(stack.partition) ? '<AWS::Partition>' : stack.partition}:organizations::${stack.account}:${kind}`;
    Validations.of(placement).acknowledge(
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
      // The handler re-reads the current parent on every change of target, so the move names the true source.
      placement.addResource('Parent', { AccountId: account.id, ParentId: account.parentId }, scope);
      this.accountIds[account.name] = account.id!;
    }
  }

  /** `security-log` → `SecurityLog`: stable, never changes once an account is declared. */
  public static constructIdFor(name: string): string {
    return name.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase());
  }
}
