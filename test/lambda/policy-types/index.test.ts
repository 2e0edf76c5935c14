import { EnablePolicyTypeCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { onEvent } from '../../../lambda/policy-types';

const organizations = mockClient(OrganizationsClient);
beforeEach(() => organizations.reset());

const TYPES = ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'];
function event(requestType: 'Create' | 'Update' | 'Delete', props: Record<string, unknown> = { RootId: 'r-a1b2', PolicyTypes: TYPES }): CloudFormationCustomResourceEvent {
  return {
    RequestType: requestType,
    ServiceToken: 'arn:aws:lambda:eu-west-1:111111111111:function:provider',
    ResponseURL: 'https://example/r',
    StackId: 's',
    RequestId: 'r',
    LogicalResourceId: 'PolicyTypes',
    ResourceType: 'Custom::OrganizationPolicyTypes',
    ResourceProperties: { ServiceToken: 'x', ...props },
    ...(requestType === 'Create' ? {} : { PhysicalResourceId: 'r-a1b2/policy-types', OldResourceProperties: {} }),
  } as CloudFormationCustomResourceEvent;
}

describe('policy-types handler', () => {
  test('enables each type on the root, one EnablePolicyType request per type', async () => {
    organizations.on(EnablePolicyTypeCommand).resolves({ Root: { Id: 'r-a1b2' } });
    await expect(onEvent(event('Create'))).resolves.toEqual({ PhysicalResourceId: 'r-a1b2/policy-types' });
    // Request syntax: {"RootId": "string", "PolicyType": "string"}
    // (https://docs.aws.amazon.com/organizations/latest/APIReference/API_EnablePolicyType.html)
    expect(organizations.commandCalls(EnablePolicyTypeCommand).map((c) => c.args[0].input)).toEqual([
      { RootId: 'r-a1b2', PolicyType: 'SERVICE_CONTROL_POLICY' },
      { RootId: 'r-a1b2', PolicyType: 'RESOURCE_CONTROL_POLICY' },
    ]);
  });

  test('enables the management policy types the landing zone attaches (EC2 declarative, AI opt-out, tag, backup)', async () => {
    organizations.on(EnablePolicyTypeCommand).resolves({ Root: { Id: 'r-a1b2' } });
    const management = ['DECLARATIVE_POLICY_EC2', 'AISERVICES_OPT_OUT_POLICY', 'TAG_POLICY', 'BACKUP_POLICY'];
    await onEvent(event('Update', { RootId: 'r-a1b2', PolicyTypes: management }));
    expect(organizations.commandCalls(EnablePolicyTypeCommand).map((c) => c.args[0].input.PolicyType)).toEqual(management);
  });

  test('a type already enabled is success (PolicyTypeAlreadyEnabledException), so re-running is safe', async () => {
    organizations
      .on(EnablePolicyTypeCommand)
      .rejects(Object.assign(new Error('The specified policy type is already enabled in the specified root.'), { name: 'PolicyTypeAlreadyEnabledException' }));
    await expect(onEvent(event('Update'))).resolves.toEqual({ PhysicalResourceId: 'r-a1b2/policy-types' });
    expect(organizations).toHaveReceivedCommandTimes(EnablePolicyTypeCommand, 2);
  });

  test('retries ConcurrentModificationException and fails on any other error', async () => {
    organizations
      .on(EnablePolicyTypeCommand)
      .rejectsOnce(Object.assign(new Error('busy'), { name: 'ConcurrentModificationException' }))
      .resolvesOnce({})
      .rejects(Object.assign(new Error('SCPs need all features'), { name: 'PolicyTypeNotAvailableForOrganizationException' }));
    await expect(onEvent(event('Create'))).rejects.toThrow(/SCPs need all features/);
    expect(organizations).toHaveReceivedCommandTimes(EnablePolicyTypeCommand, 3);
  }, 30_000);

  test('delete disables nothing; invalid input is rejected before any call', async () => {
    await expect(onEvent(event('Delete'))).resolves.toEqual({ PhysicalResourceId: 'r-a1b2/policy-types' });
    await expect(onEvent(event('Create', { RootId: 'ou-1', PolicyTypes: ['CHATBOT_POLICY'] }))).rejects.toThrow(
      /RootId "ou-1" is not a root ID \(r-\.\.\.\); PolicyTypes \["CHATBOT_POLICY"\] is not a list of SERVICE_CONTROL_POLICY, RESOURCE_CONTROL_POLICY, DECLARATIVE_POLICY_EC2/,
    );
    expect(organizations.calls()).toHaveLength(0);
  });
});
