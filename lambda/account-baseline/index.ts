/**
 * Account baseline settings that CloudFormation has no resource type for, applied in the account and
 * region the StackSet instance runs in. Runs as a self-contained custom resource: its code is inlined in
 * the StackSet template (no asset, so it reaches every account and region) and it answers CloudFormation
 * itself, without the Provider framework.
 *
 * Create and Update apply the setting (every call is idempotent: applying it twice leaves the same state).
 * Delete leaves the protection on: removing an account from the StackSet must not weaken it (and a removed
 * default VPC is never recreated). `DefaultVpcRemoval` reports what it did in the response's `Data`.
 */
import { AccountClient, PutAlternateContactCommand } from '@aws-sdk/client-account';
import { EC2Client, EnableEbsEncryptionByDefaultCommand, GetInstanceMetadataDefaultsCommand, ModifyInstanceMetadataDefaultsCommand } from '@aws-sdk/client-ec2';
import { CreateServiceLinkedRoleCommand, IAMClient, UpdateAccountPasswordPolicyCommand } from '@aws-sdk/client-iam';
import { PutPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import type { CloudFormationCustomResourceEvent, CloudFormationCustomResourceResponse, Context } from 'aws-lambda';
import { withRetries } from '../shared/retry';
import { removeDefaultVpc } from './default-vpc';

export { withRetries };

/** The settings this handler knows; `Setting` in the resource properties names one. */
export const SETTINGS = [
  'EbsEncryptionByDefault',
  'InstanceMetadataDefaults',
  'S3AccountPublicAccessBlock',
  'PasswordPolicy',
  'SecurityContact',
  'ConfigServiceLinkedRole',
  'DefaultVpcRemoval',
] as const;
export type Setting = (typeof SETTINGS)[number];

// Clients are created once per container; the SDK's own retries handle transient network errors.
const ec2 = new EC2Client({});
const iam = new IAMClient({});
const s3control = new S3ControlClient({});
const account = new AccountClient({});

/** Validated inputs of one setting; throws before any AWS call when something is missing or malformed. */
export function validate(props: Record<string, unknown>): { setting: Setting; contact?: Contact } {
  const setting = props.Setting as Setting;
  if (!SETTINGS.includes(setting)) throw new Error(`Setting "${String(props.Setting)}" is not one of ${SETTINGS.join(', ')}`);
  if (setting !== 'SecurityContact') return { setting };
  const contact = { name: props.Name, title: props.Title, email: props.Email, phone: props.Phone } as Record<string, unknown>;
  for (const [k, v] of Object.entries(contact)) {
    if (typeof v !== 'string' || v.trim() === '') throw new Error(`SecurityContact needs a non-empty ${k}`);
  }
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(contact.email as string)) throw new Error(`Email "${String(contact.email)}" is not an email address`);
  if (!/^[+][\d\s()-]{6,24}$/.test(contact.phone as string)) throw new Error(`Phone "${String(contact.phone)}" is not an international phone number`);
  return { setting, contact: contact as unknown as Contact };
}

interface Contact {
  readonly name: string;
  readonly title: string;
  readonly email: string;
  readonly phone: string;
}

/** What a setting reports back (custom-resource response `Data`), e.g. what happened to the default VPC. */
export type SettingResult = Record<string, string>;

/** Applies one setting in the caller's account and region. */
export async function apply(setting: Setting, accountId: string, contact?: Contact): Promise<SettingResult> {
  switch (setting) {
    case 'EbsEncryptionByDefault': // CIS 5.1.1, Security Hub EC2.7
      await withRetries(() => ec2.send(new EnableEbsEncryptionByDefaultCommand({})));
      return {};
    case 'InstanceMetadataDefaults': { // CIS 5.7, Security Hub EC2.8: new instances default to IMDSv2
      // Where an EC2 declarative policy sets the defaults, the account cannot change them (ManagedBy
      // declarative-policy): the organization's policy is the setting, and this one only reports it.
      // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_InstanceMetadataDefaultsResponse.html
      const current = await withRetries(() => ec2.send(new GetInstanceMetadataDefaultsCommand({})));
      const managedBy = current.AccountLevel?.ManagedBy;
      if (managedBy === 'declarative-policy') return { ManagedBy: managedBy, HttpTokens: String(current.AccountLevel?.HttpTokens ?? 'no_preference') };
      await withRetries(() => ec2.send(new ModifyInstanceMetadataDefaultsCommand({ HttpTokens: 'required', HttpPutResponseHopLimit: 2 })));
      return { ManagedBy: 'account', HttpTokens: 'required' };
    }
    case 'DefaultVpcRemoval': { // CIS 3.7/5.5, Security Hub EC2.6/EC2.2: no default VPC without flow logs or with an open default SG
      const outcome = await removeDefaultVpc(ec2);
      // A default VPC kept because something is in it must be visible in the stack's logs, not only in its outputs.
      if (outcome.Result === 'kept') console.warn(JSON.stringify({ setting, ...outcome }));
      else console.log(JSON.stringify({ setting, ...outcome }));
      return outcome;
    }
    case 'S3AccountPublicAccessBlock': // CIS 2.1.4, Security Hub S3.1
      await withRetries(() =>
        s3control.send(
          new PutPublicAccessBlockCommand({
            AccountId: accountId,
            PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
          }),
        ),
      );
      return {};
    case 'PasswordPolicy': // CIS 1.7/1.8, Security Hub IAM.15/16
      await withRetries(() =>
        iam.send(
          new UpdateAccountPasswordPolicyCommand({
            MinimumPasswordLength: 14,
            PasswordReusePrevention: 24,
            RequireSymbols: true,
            RequireNumbers: true,
            RequireUppercaseCharacters: true,
            RequireLowercaseCharacters: true,
            AllowUsersToChangePassword: true,
          }),
        ),
      );
      return {};
    case 'SecurityContact': // CIS 1.2, Security Hub Account.1: no AccountId, so it sets the caller's own account
      await withRetries(() =>
        account.send(
          new PutAlternateContactCommand({
            AlternateContactType: 'SECURITY',
            Name: contact!.name,
            Title: contact!.title,
            EmailAddress: contact!.email,
            PhoneNumber: contact!.phone,
          }),
        ),
      );
      return {};
    case 'ConfigServiceLinkedRole': // Security Hub Config.1 wants the recorder to use the service-linked role
      try {
        await withRetries(() => iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'config.amazonaws.com' })));
      } catch (e) {
        // Another region's instance (or an earlier setup) created it: the desired state holds.
        if (!((e as Error).name === 'InvalidInputException' && /has been taken/.test((e as Error).message))) throw e;
      }
      return {};
  }
}

/** The account ID from the function ARN CloudFormation invokes (`arn:aws:lambda:region:account:function:name`). */
export function accountIdOf(serviceToken: string): string {
  const id = serviceToken.split(':')[4];
  if (!/^\d{12}$/.test(id ?? '')) throw new Error(`ServiceToken "${serviceToken}" is not a Lambda function ARN`);
  return id;
}

/** Does the work of one event and returns the response CloudFormation expects. */
export async function onEvent(event: CloudFormationCustomResourceEvent): Promise<CloudFormationCustomResourceResponse> {
  const base = { StackId: event.StackId, RequestId: event.RequestId, LogicalResourceId: event.LogicalResourceId };
  const physicalId = event.RequestType === 'Create' ? `${String(event.ResourceProperties.Setting)}` : event.PhysicalResourceId;
  try {
    // Delete changes nothing: a removed default VPC is not recreated, a protection is not turned off.
    if (event.RequestType === 'Delete') return { ...base, Status: 'SUCCESS', PhysicalResourceId: physicalId };
    const { setting, contact } = validate(event.ResourceProperties);
    const data = await apply(setting, accountIdOf(event.ServiceToken), contact);
    return { ...base, Status: 'SUCCESS', PhysicalResourceId: physicalId, ...(Object.keys(data).length ? { Data: data } : {}) };
  } catch (e) {
    return { ...base, Status: 'FAILED', PhysicalResourceId: physicalId, Reason: `${(e as Error).name}: ${(e as Error).message}`.slice(0, 1000) };
  }
}

/** Lambda entry point: applies the setting, then answers CloudFormation on its pre-signed URL. */
export async function handler(event: CloudFormationCustomResourceEvent, _context?: Context): Promise<void> {
  const response = await onEvent(event);
  if (response.Status === 'FAILED') console.error(JSON.stringify({ setting: event.ResourceProperties.Setting, reason: response.Reason }));
  // The pre-signed S3 URL is signed without a content type, so none may be sent.
  const res = await fetch(event.ResponseURL, { method: 'PUT', body: JSON.stringify(response), headers: { 'content-type': '' } });
  if (!res.ok) throw new Error(`CloudFormation response upload failed with HTTP ${res.status}`);
}
