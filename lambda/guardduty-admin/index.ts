/**
 * GuardDuty in the delegated administrator account, for the region it runs in: the detector with the
 * configured protection plans, and the organization configuration (auto-enable ALL members, same plans).
 *
 * Designating the delegated administrator (management account) already enables GuardDuty, with a
 * detector, in the administrator account of that region, so `AWS::GuardDuty::Detector` would fail with
 * "detector already exists". This handler adopts the detector when there is one and creates it otherwise.
 *
 * With `FindingsKeyAlias` (an alias ARN) it also resolves the key behind it (kms:DescribeKey in the
 * alias's region) and returns it as `FindingsKeyArn`, for the findings export.
 *
 * Create/Update: idempotent (every call sets the desired state). Delete: nothing; removing the stack must
 * not stop threat detection in any account.
 */
import {
  CreateDetectorCommand,
  GuardDutyClient,
  ListDetectorsCommand,
  UpdateDetectorCommand,
  UpdateOrganizationConfigurationCommand,
  type DetectorFeatureConfiguration,
  type OrganizationFeatureConfiguration,
} from '@aws-sdk/client-guardduty';
import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { withRetries } from '../shared/retry';

const guardduty = new GuardDutyClient({});
/** One KMS client per region the alias may live in, created on first use and kept across invocations. */
const kmsClients = new Map<string, KMSClient>();

/**
 * The ARN of the key behind `aliasArn` (GuardDuty's publishing destination takes a key ARN, not an alias).
 * @see https://docs.aws.amazon.com/kms/latest/APIReference/API_DescribeKey.html (KeyId accepts an alias ARN)
 */
async function describeKeyArn(aliasArn: string, region: string): Promise<string> {
  if (!kmsClients.has(region)) kmsClients.set(region, new KMSClient({ region }));
  const { KeyMetadata } = await kmsClients.get(region)!.send(new DescribeKeyCommand({ KeyId: aliasArn }));
  if (!KeyMetadata?.Arn) throw new Error(`kms:DescribeKey ${aliasArn} returned no KeyMetadata.Arn`);
  return KeyMetadata.Arn;
}

const FEATURES = ['S3_DATA_EVENTS', 'EKS_AUDIT_LOGS', 'RUNTIME_MONITORING', 'EBS_MALWARE_PROTECTION', 'RDS_LOGIN_EVENTS', 'LAMBDA_NETWORK_LOGS'];
const AGENTS = ['EKS_ADDON_MANAGEMENT', 'ECS_FARGATE_AGENT_MANAGEMENT', 'EC2_AGENT_MANAGEMENT'];

/** `Plans` maps each feature name to "true"/"false" (CloudFormation passes properties as strings). */
export function validate(props: Record<string, unknown>): Map<string, boolean> {
  const plans = props.Plans as Record<string, unknown> | undefined;
  if (!plans || typeof plans !== 'object') throw new Error('Plans is missing: a map of GuardDuty feature name to true/false');
  const result = new Map<string, boolean>();
  for (const [name, value] of Object.entries(plans)) {
    if (!FEATURES.includes(name)) throw new Error(`Plans: "${name}" is not one of ${FEATURES.join(', ')}`);
    if (![true, false, 'true', 'false'].includes(value as never)) throw new Error(`Plans.${name}: "${String(value)}" is not true or false`);
    result.set(name, value === true || value === 'true');
  }
  return result;
}

function detectorFeatures(plans: Map<string, boolean>): DetectorFeatureConfiguration[] {
  return [...plans].map(([name, on]) => ({
    Name: name as DetectorFeatureConfiguration['Name'],
    Status: on ? 'ENABLED' : 'DISABLED',
    ...(name === 'RUNTIME_MONITORING' && on ? { AdditionalConfiguration: AGENTS.map((a) => ({ Name: a as never, Status: 'ENABLED' as const })) } : {}),
  }));
}

function organizationFeatures(plans: Map<string, boolean>): OrganizationFeatureConfiguration[] {
  return [...plans].map(([name, on]) => ({
    Name: name as OrganizationFeatureConfiguration['Name'],
    AutoEnable: on ? 'ALL' : 'NONE',
    ...(name === 'RUNTIME_MONITORING' && on ? { AdditionalConfiguration: AGENTS.map((a) => ({ Name: a as never, AutoEnable: 'ALL' as const })) } : {}),
  }));
}

/** Adopts the region's detector (there is at most one per account and region) or creates it. */
export async function ensureDetector(features: DetectorFeatureConfiguration[]): Promise<string> {
  const existing = (await withRetries(() => guardduty.send(new ListDetectorsCommand({})))).DetectorIds ?? [];
  if (existing.length > 0) {
    const detectorId = existing[0];
    await withRetries(() =>
      guardduty.send(new UpdateDetectorCommand({ DetectorId: detectorId, Enable: true, FindingPublishingFrequency: 'FIFTEEN_MINUTES', Features: features })),
    );
    return detectorId;
  }
  const created = await withRetries(() =>
    guardduty.send(new CreateDetectorCommand({ Enable: true, FindingPublishingFrequency: 'FIFTEEN_MINUTES', Features: features })),
  );
  if (!created.DetectorId) throw new Error('CreateDetector returned no DetectorId');
  return created.DetectorId;
}

/** `arn:<partition>:kms:<region>:<account>:alias/<name>`, or undefined when the property is absent. */
export function validateAlias(props: Record<string, unknown>): { arn: string; region: string } | undefined {
  const arn = props.FindingsKeyAlias;
  if (arn === undefined) return undefined;
  const match = typeof arn === 'string' ? /^arn:[a-z-]+:kms:([a-z0-9-]+):\d{12}:alias\/[\w/+=,.@-]+$/.exec(arn) : null;
  if (!match) throw new Error(`FindingsKeyAlias ${JSON.stringify(arn)} is not a KMS alias ARN (arn:<partition>:kms:<region>:<account>:alias/<name>)`);
  return { arn: arn as string, region: match[1] };
}

export async function onEvent(event: CloudFormationCustomResourceEvent): Promise<{ PhysicalResourceId: string; Data?: Record<string, string> }> {
  if (event.RequestType === 'Delete') return { PhysicalResourceId: event.PhysicalResourceId };
  const plans = validate(event.ResourceProperties);
  const alias = validateAlias(event.ResourceProperties);
  const detectorId = await ensureDetector(detectorFeatures(plans));
  await withRetries(() =>
    guardduty.send(
      new UpdateOrganizationConfigurationCommand({ DetectorId: detectorId, AutoEnableOrganizationMembers: 'ALL', Features: organizationFeatures(plans) }),
    ),
  );
  const findingsKeyArn = alias && (await withRetries(() => describeKeyArn(alias.arn, alias.region)));
  return { PhysicalResourceId: detectorId, Data: { DetectorId: detectorId, ...(findingsKeyArn ? { FindingsKeyArn: findingsKeyArn } : {}) } };
}
