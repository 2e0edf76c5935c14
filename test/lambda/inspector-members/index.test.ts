import { EnableCommand, Inspector2Client, ListMembersCommand, UpdateOrganizationConfigurationCommand } from '@aws-sdk/client-inspector2';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { onEvent } from '../../../lambda/inspector-members';

const inspector = mockClient(Inspector2Client);
beforeEach(() => {
  inspector.reset();
  inspector.on(UpdateOrganizationConfigurationCommand).resolves({ autoEnable: { ec2: true, ecr: true } });
});
const AUTO = { ec2: 'true', ecr: 'true', lambda: 'false' };

function event(requestType: 'Create' | 'Update' | 'Delete', resourceTypes: unknown = ['EC2', 'ECR', 'LAMBDA'], autoEnable: unknown = AUTO): CloudFormationCustomResourceEvent {
  return {
    RequestType: requestType,
    ServiceToken: 'arn:aws:lambda:eu-west-1:123456789012:function:provider',
    ResponseURL: 'https://example/r',
    StackId: 's',
    RequestId: 'r',
    LogicalResourceId: 'ExistingMembers',
    ResourceType: 'Custom::InspectorMembers',
    ResourceProperties: { ServiceToken: 'x', ResourceTypes: resourceTypes, AutoEnable: autoEnable },
    ...(requestType === 'Create' ? {} : { PhysicalResourceId: 'inspector-members', OldResourceProperties: {} }),
  } as CloudFormationCustomResourceEvent;
}

const ids = (n: number, from = 0) => Array.from({ length: n }, (_, i) => String(100000000000 + from + i));

/** Enable calls for member accounts (the administrator's own Enable names no account). */
const memberBatches = () => inspector.commandCalls(EnableCommand).map((c) => c.args[0].input).filter((i) => i.accountIds);

describe('inspector-members handler', () => {
  test('enables the administrator itself, then organization auto-enable, before the members', async () => {
    inspector.on(ListMembersCommand).resolves({ members: [{ accountId: '333333333333', relationshipStatus: 'ENABLED' }] });
    inspector.on(EnableCommand).resolves({ accounts: [], failedAccounts: [] });
    await onEvent(event('Create'));
    // Enable without accountIds applies to the caller; UpdateOrganizationConfiguration takes
    // {"autoEnable": {"ec2", "ecr", "lambda", ...}} (https://docs.aws.amazon.com/inspector/v2/APIReference/API_Enable.html,
    // https://docs.aws.amazon.com/inspector/v2/APIReference/API_UpdateOrganizationConfiguration.html)
    const order = inspector.calls().map((c) => [c.args[0].constructor.name, (c.args[0].input as { accountIds?: string[] }).accountIds]);
    expect(order).toEqual([
      ['EnableCommand', undefined],
      ['UpdateOrganizationConfigurationCommand', undefined],
      ['ListMembersCommand', undefined],
      ['EnableCommand', ['333333333333']],
    ]);
    expect(inspector).toHaveReceivedCommandWith(EnableCommand, { resourceTypes: ['EC2', 'ECR', 'LAMBDA'] });
    expect(inspector).toHaveReceivedCommandWith(UpdateOrganizationConfigurationCommand, { autoEnable: { ec2: true, ecr: true, lambda: false } });
  });

  test('fails when the administrator itself cannot be enabled, before touching the organization', async () => {
    inspector.on(EnableCommand).resolves({ accounts: [], failedAccounts: [{ accountId: '222222222222', errorCode: 'ACCESS_DENIED', errorMessage: 'SCP' }] });
    await expect(onEvent(event('Create'))).rejects.toThrow(/administrator 222222222222 \(ACCESS_DENIED: SCP\)/);
    expect(inspector).toHaveReceivedCommandTimes(UpdateOrganizationConfigurationCommand, 0);
  });

  test('enables every active member across pages, in batches of at most 100, skipping removed and suspended accounts', async () => {
    inspector
      .on(ListMembersCommand)
      .resolvesOnce({ members: ids(120).map((accountId) => ({ accountId, relationshipStatus: 'ENABLED' })), nextToken: 'p2' })
      .resolvesOnce({
        members: [
          ...ids(30, 120).map((accountId) => ({ accountId, relationshipStatus: 'CREATED' as const })),
          { accountId: '999999999999', relationshipStatus: 'REMOVED' as const },
          { accountId: '888888888888', relationshipStatus: 'ACCOUNT_SUSPENDED' as const },
        ],
      });
    inspector.on(EnableCommand).resolves({ accounts: [], failedAccounts: [] });
    const result = await onEvent(event('Create'));
    expect(result).toEqual({ PhysicalResourceId: 'inspector-members', Data: { EnabledAccounts: '150' } });
    const batches = memberBatches();
    expect(batches.map((b) => b.accountIds!.length)).toEqual([100, 50]);
    expect(batches.flatMap((b) => b.accountIds)).not.toContain('999999999999');
    expect(batches[0].resourceTypes).toEqual(['EC2', 'ECR', 'LAMBDA']);
  });

  test('fails the deployment, naming each account Inspector could not enable', async () => {
    inspector.on(ListMembersCommand).resolves({ members: [{ accountId: '111111111111', relationshipStatus: 'ENABLED' }] });
    inspector.on(EnableCommand).resolves({ accounts: [] });
    inspector.on(EnableCommand, { accountIds: ['111111111111'] }).resolves({
      accounts: [],
      failedAccounts: [{ accountId: '111111111111', errorCode: 'ACCESS_DENIED', errorMessage: 'SCP' }],
    });
    await expect(onEvent(event('Update'))).rejects.toThrow(/1 of 1 accounts: 111111111111 \(ACCESS_DENIED: SCP\)/);
  });

  test('retries when Inspector throttles', async () => {
    inspector
      .on(ListMembersCommand)
      .rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }))
      .resolves({ members: [] });
    inspector.on(EnableCommand).resolves({ accounts: [] });
    await expect(onEvent(event('Create'))).resolves.toMatchObject({ Data: { EnabledAccounts: '0' } });
    expect(inspector).toHaveReceivedCommandTimes(ListMembersCommand, 2);
  });

  test('delete leaves scanning on; invalid scan types are rejected before any call', async () => {
    await expect(onEvent(event('Delete'))).resolves.toEqual({ PhysicalResourceId: 'inspector-members' });
    await expect(onEvent(event('Create', ['EC2', 'S3']))).rejects.toThrow(/ResourceTypes \["EC2","S3"\] is not a non-empty list/);
    await expect(onEvent(event('Create', ['EC2'], { ec2: 'true', ecr: 'yes', lambda: 'false' }))).rejects.toThrow(/AutoEnable.ecr: "yes" is not true or false/);
    expect(inspector.calls()).toHaveLength(0);
  });
});
