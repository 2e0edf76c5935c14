/**
 * Turns Amazon Inspector scanning on for every existing member account of the organization, from the
 * delegated administrator, in the region it runs in. (Organization auto-enable covers only accounts that
 * join later; this covers those already there.) The member list comes from Inspector at run time, so no
 * account ID is ever written in config or template.
 *
 * Create/Update: enable the configured scan types for every current member (Enable is idempotent).
 * Delete: nothing: removing the stack must not stop scanning.
 */
import { EnableCommand, Inspector2Client, ListMembersCommand, type ResourceScanType } from '@aws-sdk/client-inspector2';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { withRetries } from '../shared/retry';

const inspector = new Inspector2Client({});

const SCAN_TYPES: readonly string[] = ['EC2', 'ECR', 'LAMBDA', 'LAMBDA_CODE'];
/** Members Inspector cannot or must not be enabled for. */
const INACTIVE = new Set(['REMOVED', 'RESIGNED', 'DELETED', 'ACCOUNT_SUSPENDED', 'REGION_DISABLED']);
/** Enable accepts at most 100 account IDs per call. */
const BATCH = 100;

export function validate(props: Record<string, unknown>): ResourceScanType[] {
  const types = props.ResourceTypes;
  if (!Array.isArray(types) || types.length === 0 || !types.every((t) => typeof t === 'string' && SCAN_TYPES.includes(t))) {
    throw new Error(`ResourceTypes ${JSON.stringify(types)} is not a non-empty list of ${SCAN_TYPES.join(', ')}`);
  }
  return types as ResourceScanType[];
}

/** Every active member account, across pages. */
export async function memberAccountIds(): Promise<string[]> {
  const ids: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await withRetries(() => inspector.send(new ListMembersCommand({ onlyAssociated: false, maxResults: 50, nextToken })));
    for (const m of page.members ?? []) if (m.accountId && !INACTIVE.has(m.relationshipStatus ?? '')) ids.push(m.accountId);
    nextToken = page.nextToken;
  } while (nextToken);
  return ids;
}

export async function onEvent(event: CloudFormationCustomResourceEvent): Promise<{ PhysicalResourceId: string; Data?: Record<string, string> }> {
  const physicalId = event.RequestType === 'Create' ? 'inspector-members' : event.PhysicalResourceId;
  if (event.RequestType === 'Delete') return { PhysicalResourceId: physicalId };
  const resourceTypes = validate(event.ResourceProperties);
  const ids = await memberAccountIds();
  const failed: string[] = [];
  for (let i = 0; i < ids.length; i += BATCH) {
    const accountIds = ids.slice(i, i + BATCH);
    const res = await withRetries(() => inspector.send(new EnableCommand({ accountIds, resourceTypes })));
    for (const f of res.failedAccounts ?? []) failed.push(`${f.accountId} (${f.errorCode}: ${f.errorMessage})`);
  }
  if (failed.length > 0) throw new Error(`Inspector could not be enabled for ${failed.length} of ${ids.length} accounts: ${failed.join('; ')}`);
  return { PhysicalResourceId: physicalId, Data: { EnabledAccounts: String(ids.length) } };
}
