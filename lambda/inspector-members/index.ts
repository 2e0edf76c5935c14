/**
 * Amazon Inspector for the organization, from the delegated administrator, in the region it runs in:
 * scanning on for the administrator itself, organization auto-enable for accounts that join later, and
 * scanning on for every member account already there (auto-enable does not cover those). The member list
 * comes from Inspector at run time, so no account ID is ever written in config or template.
 *
 * Create/Update: Enable (no account IDs: the administrator itself), UpdateOrganizationConfiguration, then
 * Enable for every current member in batches. Every call sets the desired state, so re-running is safe.
 * Delete: nothing: removing the stack must not stop scanning.
 *
 * @see https://docs.aws.amazon.com/inspector/v2/APIReference/API_Enable.html
 * @see https://docs.aws.amazon.com/inspector/v2/APIReference/API_UpdateOrganizationConfiguration.html
 */
import {
  EnableCommand,
  Inspector2Client,
  ListMembersCommand,
  UpdateOrganizationConfigurationCommand,
  type AutoEnable,
  type ResourceScanType,
} from '@aws-sdk/client-inspector2';
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

/** `AutoEnable` maps ec2, ecr and lambda to true/false (CloudFormation passes them as strings). */
export function validateAutoEnable(props: Record<string, unknown>): AutoEnable {
  const auto = props.AutoEnable as Record<string, unknown> | undefined;
  const flag = (name: string): boolean => {
    const value = auto?.[name];
    if (![true, false, 'true', 'false'].includes(value as never)) throw new Error(`AutoEnable.${name}: ${JSON.stringify(value)} is not true or false`);
    return value === true || value === 'true';
  };
  return { ec2: flag('ec2'), ecr: flag('ecr'), lambda: flag('lambda') };
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
  const autoEnable = validateAutoEnable(event.ResourceProperties);
  const self = await withRetries(() => inspector.send(new EnableCommand({ resourceTypes })));
  const selfFailure = self.failedAccounts?.[0];
  if (selfFailure) throw new Error(`Inspector could not be enabled for the administrator ${selfFailure.accountId} (${selfFailure.errorCode}: ${selfFailure.errorMessage})`);
  await withRetries(() => inspector.send(new UpdateOrganizationConfigurationCommand({ autoEnable })));
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
