import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import {
  AccountAlreadyRegisteredException,
  DeregisterDelegatedAdministratorCommand,
  EnableAWSServiceAccessCommand,
  ListDelegatedAdministratorsCommand,
  OrganizationsClient,
  RegisterDelegatedAdministratorCommand,
  TooManyRequestsException,
} from '@aws-sdk/client-organizations';
import {
  DisableOrganizationAdminAccountCommand,
  EnableOrganizationAdminAccountCommand,
  GuardDutyClient,
  ListOrganizationAdminAccountsCommand,
} from '@aws-sdk/client-guardduty';
import { EnableDelegatedAdminAccountCommand, Inspector2Client, ListDelegatedAdminAccountsCommand } from '@aws-sdk/client-inspector2';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { handler, parseInput, withRetry } from '../../../lambda/delegated-admin';

const orgs = mockClient(OrganizationsClient);
const guardduty = mockClient(GuardDutyClient);
const inspector = mockClient(Inspector2Client);

const ADMIN = '222222222222';
const event = (props: Record<string, unknown>, type: 'Create' | 'Update' | 'Delete' = 'Create', old?: Record<string, unknown>) =>
  ({
    RequestType: type,
    ServiceToken: 'arn',
    ResponseURL: 'https://example.com',
    StackId: 'stack',
    RequestId: 'req',
    LogicalResourceId: 'GuardDuty',
    ResourceType: 'Custom::DelegatedAdmin',
    PhysicalResourceId: 'delegated-admin-guardduty',
    ResourceProperties: { ServiceToken: 'arn', ...props },
    OldResourceProperties: old,
  }) as unknown as CloudFormationCustomResourceEvent;
const throttled = () => new TooManyRequestsException({ message: 'Rate exceeded', $metadata: {} });

beforeAll(() => {
  process.env.BACKOFF_BASE_MS = '1';
});
beforeEach(() => {
  orgs.reset();
  guardduty.reset();
  inspector.reset();
  orgs.on(EnableAWSServiceAccessCommand).resolves({});
});

describe('delegated-admin handler', () => {
  test('registers GuardDuty in every region after enabling trusted access', async () => {
    guardduty.on(ListOrganizationAdminAccountsCommand).resolves({ AdminAccounts: [] });
    guardduty.on(EnableOrganizationAdminAccountCommand).resolves({});
    const result = await handler(event({ Service: 'guardduty', AdminAccountId: ADMIN, Regions: ['eu-west-1', 'eu-central-1'] }));
    expect(orgs).toHaveReceivedCommandWith(EnableAWSServiceAccessCommand, { ServicePrincipal: 'guardduty.amazonaws.com' });
    expect(guardduty).toHaveReceivedCommandTimes(EnableOrganizationAdminAccountCommand, 2);
    expect(guardduty).toHaveReceivedCommandWith(EnableOrganizationAdminAccountCommand, { AdminAccountId: ADMIN });
    expect(result).toEqual({ PhysicalResourceId: 'delegated-admin-guardduty', Data: { AdminAccountId: ADMIN } });
  });

  test('an account already registered is success, with no enable call', async () => {
    guardduty.on(ListOrganizationAdminAccountsCommand).resolves({ AdminAccounts: [{ AdminAccountId: ADMIN, AdminStatus: 'ENABLED' }] });
    await handler(event({ Service: 'guardduty', AdminAccountId: ADMIN, Regions: ['eu-west-1'] }));
    expect(guardduty).not.toHaveReceivedCommand(EnableOrganizationAdminAccountCommand);
  });

  test('a registration race ending in AccountAlreadyRegisteredException is success', async () => {
    orgs.on(ListDelegatedAdministratorsCommand).resolves({ DelegatedAdministrators: [] });
    orgs.on(RegisterDelegatedAdministratorCommand).rejects(new AccountAlreadyRegisteredException({ message: 'already', $metadata: {} }));
    await expect(handler(event({ Service: 'access-analyzer', AdminAccountId: ADMIN, Regions: ['eu-west-1'] }))).resolves.toMatchObject({
      Data: { AdminAccountId: ADMIN },
    });
  });

  test('registers Config for both of its service principals through Organizations, once (not per region)', async () => {
    orgs.on(ListDelegatedAdministratorsCommand).resolves({ DelegatedAdministrators: [] });
    orgs.on(RegisterDelegatedAdministratorCommand).resolves({});
    await handler(event({ Service: 'config', AdminAccountId: ADMIN, Regions: ['eu-west-1', 'eu-central-1'] }));
    expect(orgs).toHaveReceivedCommandTimes(RegisterDelegatedAdministratorCommand, 2);
    expect(orgs).toHaveReceivedCommandWith(RegisterDelegatedAdministratorCommand, { AccountId: ADMIN, ServicePrincipal: 'config.amazonaws.com' });
    expect(orgs).toHaveReceivedCommandWith(RegisterDelegatedAdministratorCommand, {
      AccountId: ADMIN,
      ServicePrincipal: 'config-multiaccountsetup.amazonaws.com',
    });
  });

  test('registers Resource Explorer through Organizations once, after enabling its trusted access (which creates its service-linked role)', async () => {
    // https://docs.aws.amazon.com/organizations/latest/userguide/services-that-can-integrate-resource-explorer.html
    orgs.on(ListDelegatedAdministratorsCommand).resolves({ DelegatedAdministrators: [] });
    orgs.on(RegisterDelegatedAdministratorCommand).resolves({});
    await handler(event({ Service: 'resource-explorer', AdminAccountId: ADMIN, Regions: ['eu-west-1', 'eu-central-1'] }));
    expect(orgs).toHaveReceivedCommandWith(EnableAWSServiceAccessCommand, { ServicePrincipal: 'resource-explorer-2.amazonaws.com' });
    expect(orgs).toHaveReceivedCommandTimes(RegisterDelegatedAdministratorCommand, 1);
    expect(orgs).toHaveReceivedCommandWith(RegisterDelegatedAdministratorCommand, { AccountId: ADMIN, ServicePrincipal: 'resource-explorer-2.amazonaws.com' });
  });

  test('retries throttled calls with backoff and then succeeds', async () => {
    orgs.on(EnableAWSServiceAccessCommand).rejectsOnce(throttled()).rejectsOnce(throttled()).resolves({});
    inspector.on(ListDelegatedAdminAccountsCommand).rejectsOnce(throttled()).resolves({ delegatedAdminAccounts: [] });
    inspector.on(EnableDelegatedAdminAccountCommand).resolves({});
    await handler(event({ Service: 'inspector2', AdminAccountId: ADMIN, Regions: ['eu-west-1'] }));
    expect(orgs).toHaveReceivedCommandTimes(EnableAWSServiceAccessCommand, 3);
    expect(inspector).toHaveReceivedCommandTimes(ListDelegatedAdminAccountsCommand, 2);
    expect(inspector).toHaveReceivedCommandWith(EnableDelegatedAdminAccountCommand, { delegatedAdminAccountId: ADMIN });
  });

  test('gives up after the last attempt and reports the throttling error', async () => {
    let calls = 0;
    await expect(
      withRetry(async () => {
        calls++;
        throw throttled();
      }, 3),
    ).rejects.toThrow('Rate exceeded');
    expect(calls).toBe(3);
  });

  test('does not retry errors that are not throttling', async () => {
    let calls = 0;
    await expect(
      withRetry(async () => {
        calls++;
        throw Object.assign(new Error('denied'), { name: 'AccessDeniedException' });
      }),
    ).rejects.toThrow('denied');
    expect(calls).toBe(1);
  });

  test('an admin account change replaces the old registration with the new one', async () => {
    guardduty.on(ListOrganizationAdminAccountsCommand).resolves({ AdminAccounts: [{ AdminAccountId: '555555555555', AdminStatus: 'ENABLED' }] });
    guardduty.on(DisableOrganizationAdminAccountCommand).resolves({});
    guardduty.on(EnableOrganizationAdminAccountCommand).resolves({});
    await handler(event({ Service: 'guardduty', AdminAccountId: ADMIN, Regions: ['eu-west-1'] }, 'Update', { AdminAccountId: '555555555555' }));
    expect(guardduty).toHaveReceivedCommandWith(DisableOrganizationAdminAccountCommand, { AdminAccountId: '555555555555' });
    expect(guardduty).toHaveReceivedCommandWith(EnableOrganizationAdminAccountCommand, { AdminAccountId: ADMIN });
  });

  test('an Organizations-registered admin change deregisters only the previous account', async () => {
    orgs.on(ListDelegatedAdministratorsCommand).resolves({ DelegatedAdministrators: [{ Id: '555555555555' }] });
    orgs.on(DeregisterDelegatedAdministratorCommand).resolves({});
    orgs.on(RegisterDelegatedAdministratorCommand).resolves({});
    await handler(event({ Service: 'access-analyzer', AdminAccountId: ADMIN, Regions: ['eu-west-1'] }, 'Update', { AdminAccountId: '555555555555' }));
    expect(orgs).toHaveReceivedCommandWith(DeregisterDelegatedAdministratorCommand, { AccountId: '555555555555' });
    expect(orgs).toHaveReceivedCommandWith(RegisterDelegatedAdministratorCommand, { AccountId: ADMIN });
  });

  test('delete keeps the registration: no call at all', async () => {
    const result = await handler(event({ Service: 'guardduty', AdminAccountId: ADMIN, Regions: ['eu-west-1'] }, 'Delete'));
    expect(result.PhysicalResourceId).toBe('delegated-admin-guardduty');
    expect(orgs.calls()).toHaveLength(0);
    expect(guardduty.calls()).toHaveLength(0);
  });

  test('invalid properties fail before any call, naming every problem', async () => {
    await expect(handler(event({ Service: 'guardduty2', AdminAccountId: '12', Regions: ['mars-1'] }))).rejects.toThrow(
      /Service "guardduty2" is not one of .*AdminAccountId "12" is not a 12-digit account ID.*Regions \["mars-1"\] is not a list of region names/,
    );
    expect(orgs.calls()).toHaveLength(0);
    expect(() => parseInput(undefined)).toThrow(/Invalid properties/);
  });
});
