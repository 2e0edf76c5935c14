/**
 * Custom resource: moves one adopted member account into its target parent (OU or root), from the
 * management account.
 *
 * - Create/Update: reads the account's current parent (ListParents) and moves it (MoveAccount) unless it
 *   is already there; DuplicateAccountException ("already present in the destination") is success.
 * - Delete: nothing. The account stays where it is; removing it from config never moves or closes it.
 *
 * @see https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListParents.html
 * @see https://docs.aws.amazon.com/organizations/latest/APIReference/API_MoveAccount.html
 */
import { ListParentsCommand, MoveAccountCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { withRetries } from '../shared/retry';

// Organizations is a global service served from us-east-1.
const organizations = new OrganizationsClient({ region: 'us-east-1' });

export interface Input {
  readonly accountId: string;
  readonly parentId: string;
}

/** Patterns from the MoveAccount request syntax. */
const ACCOUNT = /^\d{12}$/;
const PARENT = /^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/;

export function validate(props: Record<string, unknown>): Input {
  const problems: string[] = [];
  if (typeof props.AccountId !== 'string' || !ACCOUNT.test(props.AccountId)) problems.push(`AccountId ${JSON.stringify(props.AccountId)} is not a 12-digit account ID`);
  if (typeof props.ParentId !== 'string' || !PARENT.test(props.ParentId)) problems.push(`ParentId ${JSON.stringify(props.ParentId)} is not a root (r-...) or OU (ou-...) ID`);
  if (problems.length > 0) throw new Error(problems.join('; '));
  return { accountId: props.AccountId as string, parentId: props.ParentId as string };
}

/** Moves the account to `parentId` unless it is there; returns where it came from. */
export async function place({ accountId, parentId }: Input): Promise<string> {
  const parents = await withRetries(() => organizations.send(new ListParentsCommand({ ChildId: accountId })));
  const source = parents.Parents?.[0]?.Id;
  if (!source) throw new Error(`ListParents returned no parent for account ${accountId}`);
  if (source === parentId) return source;
  try {
    await withRetries(() => organizations.send(new MoveAccountCommand({ AccountId: accountId, SourceParentId: source, DestinationParentId: parentId })));
  } catch (e) {
    if ((e as Error).name !== 'DuplicateAccountException') throw e;
  }
  return source;
}

export async function onEvent(event: CloudFormationCustomResourceEvent): Promise<{ PhysicalResourceId: string; Data?: Record<string, string> }> {
  if (event.RequestType === 'Delete') return { PhysicalResourceId: event.PhysicalResourceId };
  const input = validate(event.ResourceProperties);
  const previousParentId = await place(input);
  // A new target is a new physical resource; deleting the old one moves nothing.
  return { PhysicalResourceId: `${input.accountId}->${input.parentId}`, Data: { PreviousParentId: previousParentId } };
}
