/**
 * Custom resource: registers the security-log account as delegated administrator of one security service,
 * from the organization management account, in every governed region where the service is regional.
 *
 * - Create/Update: enable trusted access for the service, then register the admin account (per region for
 *   GuardDuty, Security Hub, Inspector, Macie and Detective; once for Config, IAM Access Analyzer and Resource
 *   Explorer, which Organizations registers globally). An account already registered is success, so re-running is safe.
 *   Changing the admin account registers the new one after removing the old one (these services accept
 *   one delegated administrator per organization).
 * - Delete: does nothing and keeps the registration. Removing a delegated administrator disables the
 *   service's organization-wide management (GuardDuty, for instance, disassociates every member), so
 *   taking it away must be a deliberate, manual act, never a side effect of a stack change.
 */
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { OrganizationsClient, EnableAWSServiceAccessCommand, RegisterDelegatedAdministratorCommand, ListDelegatedAdministratorsCommand, DeregisterDelegatedAdministratorCommand } from '@aws-sdk/client-organizations';
import { GuardDutyClient, EnableOrganizationAdminAccountCommand as GdEnable, DisableOrganizationAdminAccountCommand as GdDisable, ListOrganizationAdminAccountsCommand as GdList } from '@aws-sdk/client-guardduty';
import { SecurityHubClient, EnableOrganizationAdminAccountCommand as ShEnable, DisableOrganizationAdminAccountCommand as ShDisable, ListOrganizationAdminAccountsCommand as ShList } from '@aws-sdk/client-securityhub';
import { Inspector2Client, EnableDelegatedAdminAccountCommand, DisableDelegatedAdminAccountCommand, ListDelegatedAdminAccountsCommand } from '@aws-sdk/client-inspector2';
import { Macie2Client, EnableOrganizationAdminAccountCommand as MacieEnable, DisableOrganizationAdminAccountCommand as MacieDisable, ListOrganizationAdminAccountsCommand as MacieList } from '@aws-sdk/client-macie2';
import { DetectiveClient, EnableOrganizationAdminAccountCommand as DetEnable, DisableOrganizationAdminAccountCommand as DetDisable, ListOrganizationAdminAccountsCommand as DetList } from '@aws-sdk/client-detective';
import { withRetries } from '../shared/retry';
import {
  DELEGATED_SERVICES as SERVICES,
  DELEGATED_SERVICE_PRINCIPALS as SERVICE_PRINCIPALS,
  type DelegatedServiceName as Service,
} from '../../lib/constructs/organization/delegated-services';

export { SERVICES, SERVICE_PRINCIPALS, type Service };

interface Input {
  readonly service: Service;
  readonly adminAccountId: string;
  readonly regions: string[];
}

/** Registration in one region through the service's own API (which also registers it with Organizations). */
interface RegionalApi {
  current(region: string): Promise<string[]>;
  enable(region: string, account: string): Promise<void>;
  disable(region: string, account: string): Promise<void>;
}

// Clients are created once per region and reused across invocations. The SDK's own retries are off so the
// backoff below is the one retry policy (and is what the tests exercise).
const clients = new Map<string, any>();
function client<T>(ctor: new (config: { region: string; maxAttempts: number }) => T, region: string): T {
  const key = `${ctor.name}:${region}`;
  if (!clients.has(key)) clients.set(key, new ctor({ region, maxAttempts: 1 }));
  return clients.get(key) as T;
}
const organizations = () => client(OrganizationsClient, 'us-east-1');

/** Backoff sleeps of the shared retry policy; BACKOFF_BASE_MS scales them (500 = as designed; tests use 1). */
const sleep = (ms: number) => new Promise((r) => setTimeout(r, (ms * Number(process.env.BACKOFF_BASE_MS ?? 500)) / 500));

/** Retries throttled calls with the handlers' shared exponential backoff with jitter. */
export function withRetry<T>(call: () => Promise<T>, attempts = 6): Promise<T> {
  return withRetries(call, attempts, sleep);
}

/** Services Organizations registers once for the whole organization (no regional API of their own). */
const ORGANIZATIONS_ONLY: readonly Service[] = ['config', 'access-analyzer', 'resource-explorer'];

const REGIONAL: Record<Exclude<Service, 'config' | 'access-analyzer' | 'resource-explorer'>, RegionalApi> = {
  guardduty: {
    current: async (region) => ((await client(GuardDutyClient, region).send(new GdList({}))).AdminAccounts ?? []).map((a) => a.AdminAccountId!),
    enable: async (region, account) => void (await client(GuardDutyClient, region).send(new GdEnable({ AdminAccountId: account }))),
    disable: async (region, account) => void (await client(GuardDutyClient, region).send(new GdDisable({ AdminAccountId: account }))),
  },
  securityhub: {
    current: async (region) => ((await client(SecurityHubClient, region).send(new ShList({}))).AdminAccounts ?? []).map((a) => a.AccountId!),
    enable: async (region, account) => void (await client(SecurityHubClient, region).send(new ShEnable({ AdminAccountId: account }))),
    disable: async (region, account) => void (await client(SecurityHubClient, region).send(new ShDisable({ AdminAccountId: account }))),
  },
  inspector2: {
    current: async (region) =>
      ((await client(Inspector2Client, region).send(new ListDelegatedAdminAccountsCommand({}))).delegatedAdminAccounts ?? [])
        .filter((a) => a.status !== 'DISABLE_IN_PROGRESS')
        .map((a) => a.accountId!),
    enable: async (region, account) => void (await client(Inspector2Client, region).send(new EnableDelegatedAdminAccountCommand({ delegatedAdminAccountId: account }))),
    disable: async (region, account) => void (await client(Inspector2Client, region).send(new DisableDelegatedAdminAccountCommand({ delegatedAdminAccountId: account }))),
  },
  macie: {
    current: async (region) => ((await client(Macie2Client, region).send(new MacieList({}))).adminAccounts ?? []).map((a) => a.accountId!),
    enable: async (region, account) => void (await client(Macie2Client, region).send(new MacieEnable({ adminAccountId: account }))),
    disable: async (region, account) => void (await client(Macie2Client, region).send(new MacieDisable({ adminAccountId: account }))),
  },
  detective: {
    current: async (region) => ((await client(DetectiveClient, region).send(new DetList({}))).Administrators ?? []).map((a) => a.AccountId!),
    enable: async (region, account) => void (await client(DetectiveClient, region).send(new DetEnable({ AccountId: account }))),
    disable: async (region) => void (await client(DetectiveClient, region).send(new DetDisable({}))),
  },
};

/** Validates the resource properties before any call. */
export function parseInput(props: Record<string, unknown> | undefined): Input {
  const service = props?.Service as Service;
  const adminAccountId = props?.AdminAccountId as string;
  const regions = props?.Regions as string[];
  const problems: string[] = [];
  if (!SERVICES.includes(service)) problems.push(`Service "${String(service)}" is not one of ${SERVICES.join(', ')}`);
  if (typeof adminAccountId !== 'string' || !/^\d{12}$/.test(adminAccountId)) problems.push(`AdminAccountId "${String(adminAccountId)}" is not a 12-digit account ID`);
  if (!Array.isArray(regions) || !regions.every((r) => typeof r === 'string' && /^[a-z]{2}(-[a-z]+)+-\d$/.test(r))) {
    problems.push(`Regions ${JSON.stringify(regions)} is not a list of region names`);
  }
  if (problems.length > 0) throw new Error(`Invalid properties: ${problems.join('; ')}`);
  return { service, adminAccountId, regions };
}

const isAlreadyRegistered = (e: unknown) => (e as { name?: string }).name === 'AccountAlreadyRegisteredException';

async function registerWithOrganizations(input: Input, previousAccount: string | undefined): Promise<void> {
  for (const principal of SERVICE_PRINCIPALS[input.service]) {
    await withRetry(() => organizations().send(new EnableAWSServiceAccessCommand({ ServicePrincipal: principal })));
  }
  for (const p of SERVICE_PRINCIPALS[input.service]) {
    const current = await withRetry(() => organizations().send(new ListDelegatedAdministratorsCommand({ ServicePrincipal: p })));
    const ids = (current.DelegatedAdministrators ?? []).map((d) => d.Id);
    if (ids.includes(input.adminAccountId)) continue;
    if (previousAccount && previousAccount !== input.adminAccountId && ids.includes(previousAccount)) {
      await withRetry(() => organizations().send(new DeregisterDelegatedAdministratorCommand({ AccountId: previousAccount, ServicePrincipal: p })));
    }
    try {
      await withRetry(() => organizations().send(new RegisterDelegatedAdministratorCommand({ AccountId: input.adminAccountId, ServicePrincipal: p })));
    } catch (e) {
      if (!isAlreadyRegistered(e)) throw e;
    }
  }
}

async function registerRegional(input: Input, api: RegionalApi): Promise<void> {
  for (const principal of SERVICE_PRINCIPALS[input.service]) {
    await withRetry(() => organizations().send(new EnableAWSServiceAccessCommand({ ServicePrincipal: principal })));
  }
  for (const region of input.regions) {
    const current = await withRetry(() => api.current(region));
    if (current.includes(input.adminAccountId)) continue;
    for (const other of current) await withRetry(() => api.disable(region, other));
    try {
      await withRetry(() => api.enable(region, input.adminAccountId));
    } catch (e) {
      if (!isAlreadyRegistered(e)) throw e;
    }
  }
}

export async function handler(event: CloudFormationCustomResourceEvent): Promise<{ PhysicalResourceId: string; Data?: Record<string, string> }> {
  const physicalId = `delegated-admin-${String(event.ResourceProperties?.Service)}`;
  if (event.RequestType === 'Delete') {
    // Deliberately keeps the registration: see the module comment.
    return { PhysicalResourceId: event.PhysicalResourceId };
  }
  const input = parseInput(event.ResourceProperties);
  const previous = event.RequestType === 'Update' ? (event.OldResourceProperties?.AdminAccountId as string | undefined) : undefined;
  if (ORGANIZATIONS_ONLY.includes(input.service)) await registerWithOrganizations(input, previous);
  else await registerRegional(input, REGIONAL[input.service as keyof typeof REGIONAL]);
  return { PhysicalResourceId: physicalId, Data: { AdminAccountId: input.adminAccountId } };
}
