/**
 * Custom resource: enables policy types (SCPs, RCPs, and the management types: EC2 declarative, AI services
 * opt-out, tag, backup) on the organization root, from the
 * management account, so the policies that depend on it can attach on a fresh organization.
 *
 * - Create/Update: EnablePolicyType for each type; PolicyTypeAlreadyEnabledException is success, so
 *   re-running is safe.
 * - Delete: nothing. Disabling a type detaches every policy of that type from every target.
 *
 * @see https://docs.aws.amazon.com/organizations/latest/APIReference/API_EnablePolicyType.html
 */
import { EnablePolicyTypeCommand, OrganizationsClient, type PolicyType } from '@aws-sdk/client-organizations';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { withRetries } from '../shared/retry';

// Organizations is a global service served from us-east-1.
const organizations = new OrganizationsClient({ region: 'us-east-1' });

/** The types the landing zone attaches; the API's PolicyType values. */
const TYPES: readonly string[] = [
  'SERVICE_CONTROL_POLICY',
  'RESOURCE_CONTROL_POLICY',
  'DECLARATIVE_POLICY_EC2',
  'AISERVICES_OPT_OUT_POLICY',
  'TAG_POLICY',
  'BACKUP_POLICY',
];

export interface Input {
  readonly rootId: string;
  readonly policyTypes: PolicyType[];
}

export function validate(props: Record<string, unknown>): Input {
  const problems: string[] = [];
  const rootId = props.RootId;
  if (typeof rootId !== 'string' || !/^r-[0-9a-z]{4,32}$/.test(rootId)) problems.push(`RootId ${JSON.stringify(rootId)} is not a root ID (r-...)`);
  const types = props.PolicyTypes;
  if (!Array.isArray(types) || !types.every((t) => typeof t === 'string' && TYPES.includes(t))) {
    problems.push(`PolicyTypes ${JSON.stringify(types)} is not a list of ${TYPES.join(', ')}`);
  }
  if (problems.length > 0) throw new Error(problems.join('; '));
  return { rootId: rootId as string, policyTypes: types as PolicyType[] };
}

/** Enables `type` on `rootId`; a type already enabled is what we want. */
export async function enable(rootId: string, type: PolicyType): Promise<void> {
  try {
    await withRetries(() => organizations.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: type })));
  } catch (e) {
    if ((e as Error).name !== 'PolicyTypeAlreadyEnabledException') throw e;
  }
}

export async function onEvent(event: CloudFormationCustomResourceEvent): Promise<{ PhysicalResourceId: string }> {
  if (event.RequestType === 'Delete') return { PhysicalResourceId: event.PhysicalResourceId };
  const { rootId, policyTypes } = validate(event.ResourceProperties);
  for (const type of policyTypes) await enable(rootId, type);
  // A new root is a new resource; CloudFormation then deletes the old one, which disables nothing.
  return { PhysicalResourceId: `${rootId}/policy-types` };
}
