import { ListParentsCommand, MoveAccountCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { onEvent } from '../../../lambda/account-placement';

const organizations = mockClient(OrganizationsClient);
beforeEach(() => organizations.reset());

function event(requestType: 'Create' | 'Update' | 'Delete', props: Record<string, unknown> = { AccountId: '555555555555', ParentId: 'ou-a1b2-22222222' }): CloudFormationCustomResourceEvent {
  return {
    RequestType: requestType,
    ServiceToken: 'arn:aws:lambda:eu-west-1:111111111111:function:provider',
    ResponseURL: 'https://example/r',
    StackId: 's',
    RequestId: 'r',
    LogicalResourceId: 'AccountsLegacyParent',
    ResourceType: 'Custom::AccountPlacement',
    ResourceProperties: { ServiceToken: 'x', ...props },
    ...(requestType === 'Create' ? {} : { PhysicalResourceId: '555555555555->ou-a1b2-11111111', OldResourceProperties: {} }),
  } as CloudFormationCustomResourceEvent;
}

describe('account-placement handler', () => {
  test('reads the current parent and moves the account from it to the target', async () => {
    // ListParents response: {"Parents": [{"Id": "string", "Type": "ROOT|ORGANIZATIONAL_UNIT"}]}
    // (https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListParents.html)
    organizations.on(ListParentsCommand, { ChildId: '555555555555' }).resolves({ Parents: [{ Id: 'r-a1b2', Type: 'ROOT' }] });
    organizations.on(MoveAccountCommand).resolves({});
    await expect(onEvent(event('Create'))).resolves.toEqual({ PhysicalResourceId: '555555555555->ou-a1b2-22222222', Data: { PreviousParentId: 'r-a1b2' } });
    // Request syntax: {"AccountId", "DestinationParentId", "SourceParentId"}
    // (https://docs.aws.amazon.com/organizations/latest/APIReference/API_MoveAccount.html)
    expect(organizations).toHaveReceivedCommandWith(MoveAccountCommand, { AccountId: '555555555555', SourceParentId: 'r-a1b2', DestinationParentId: 'ou-a1b2-22222222' });
  });

  test('an account already in its target is not moved; DuplicateAccountException (already there) is success', async () => {
    organizations.on(ListParentsCommand).resolves({ Parents: [{ Id: 'ou-a1b2-22222222', Type: 'ORGANIZATIONAL_UNIT' }] });
    await expect(onEvent(event('Update'))).resolves.toMatchObject({ PhysicalResourceId: '555555555555->ou-a1b2-22222222' });
    expect(organizations).toHaveReceivedCommandTimes(MoveAccountCommand, 0);

    organizations.reset();
    organizations.on(ListParentsCommand).resolves({ Parents: [{ Id: 'r-a1b2', Type: 'ROOT' }] });
    organizations.on(MoveAccountCommand).rejects(Object.assign(new Error('That account is already present in the specified destination.'), { name: 'DuplicateAccountException' }));
    await expect(onEvent(event('Update'))).resolves.toMatchObject({ PhysicalResourceId: '555555555555->ou-a1b2-22222222' });
  });

  test('retries throttling and fails on a missing destination', async () => {
    organizations
      .on(ListParentsCommand)
      .rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' }))
      .resolves({ Parents: [{ Id: 'r-a1b2', Type: 'ROOT' }] });
    organizations.on(MoveAccountCommand).rejects(Object.assign(new Error('We can\'t find the destination container'), { name: 'DestinationParentNotFoundException' }));
    await expect(onEvent(event('Create'))).rejects.toThrow(/destination container/);
    expect(organizations).toHaveReceivedCommandTimes(ListParentsCommand, 2);
  }, 30_000);

  test('delete moves nothing; invalid input is rejected before any call', async () => {
    await expect(onEvent(event('Delete'))).resolves.toEqual({ PhysicalResourceId: '555555555555->ou-a1b2-11111111' });
    await expect(onEvent(event('Create', { AccountId: '123', ParentId: 'sandbox' }))).rejects.toThrow(
      /AccountId "123" is not a 12-digit account ID; ParentId "sandbox" is not a root \(r-\.\.\.\) or OU \(ou-\.\.\.\) ID/,
    );
    expect(organizations.calls()).toHaveLength(0);
  });
});
