import {
  CreateDetectorCommand,
  GuardDutyClient,
  ListDetectorsCommand,
  UpdateDetectorCommand,
  UpdateOrganizationConfigurationCommand,
} from '@aws-sdk/client-guardduty';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { onEvent } from '../../../lambda/guardduty-admin';

const guardduty = mockClient(GuardDutyClient);
beforeEach(() => {
  guardduty.reset();
  guardduty.on(UpdateDetectorCommand).resolves({});
  guardduty.on(UpdateOrganizationConfigurationCommand).resolves({});
});

const plans = { S3_DATA_EVENTS: 'true', RUNTIME_MONITORING: 'true', EBS_MALWARE_PROTECTION: 'false' };
function event(requestType: 'Create' | 'Update' | 'Delete', props: Record<string, unknown> = { Plans: plans }): CloudFormationCustomResourceEvent {
  return {
    RequestType: requestType,
    ServiceToken: 'arn:aws:lambda:eu-west-1:123456789012:function:provider',
    ResponseURL: 'https://example/r',
    StackId: 's',
    RequestId: 'r',
    LogicalResourceId: 'GuardDuty',
    ResourceType: 'Custom::GuardDutyOrganization',
    ResourceProperties: { ServiceToken: 'x', ...props },
    ...(requestType === 'Create' ? {} : { PhysicalResourceId: 'det-1', OldResourceProperties: {} }),
  } as CloudFormationCustomResourceEvent;
}

describe('guardduty-admin handler', () => {
  test('adopts the detector the delegated-admin registration created and sets the plans', async () => {
    guardduty.on(ListDetectorsCommand).resolves({ DetectorIds: ['det-1'] });
    await expect(onEvent(event('Create'))).resolves.toEqual({ PhysicalResourceId: 'det-1', Data: { DetectorId: 'det-1' } });
    expect(guardduty).toHaveReceivedCommandTimes(CreateDetectorCommand, 0);
    expect(guardduty).toHaveReceivedCommandWith(UpdateDetectorCommand, {
      DetectorId: 'det-1',
      Enable: true,
      FindingPublishingFrequency: 'FIFTEEN_MINUTES',
      Features: [
        { Name: 'S3_DATA_EVENTS', Status: 'ENABLED' },
        {
          Name: 'RUNTIME_MONITORING',
          Status: 'ENABLED',
          AdditionalConfiguration: [
            { Name: 'EKS_ADDON_MANAGEMENT', Status: 'ENABLED' },
            { Name: 'ECS_FARGATE_AGENT_MANAGEMENT', Status: 'ENABLED' },
            { Name: 'EC2_AGENT_MANAGEMENT', Status: 'ENABLED' },
          ],
        },
        { Name: 'EBS_MALWARE_PROTECTION', Status: 'DISABLED' },
      ],
    });
  });

  test('creates the detector when the region has none', async () => {
    guardduty.on(ListDetectorsCommand).resolves({ DetectorIds: [] });
    guardduty.on(CreateDetectorCommand).resolves({ DetectorId: 'det-new' });
    await expect(onEvent(event('Create'))).resolves.toMatchObject({ PhysicalResourceId: 'det-new' });
    expect(guardduty).toHaveReceivedCommandWith(CreateDetectorCommand, { Enable: true });
  });

  test('auto-enables ALL organization members (existing and new) with the same plans', async () => {
    guardduty.on(ListDetectorsCommand).resolves({ DetectorIds: ['det-1'] });
    await onEvent(event('Update'));
    const input = guardduty.commandCalls(UpdateOrganizationConfigurationCommand)[0].args[0].input;
    expect(input.AutoEnableOrganizationMembers).toBe('ALL');
    expect(input.Features).toEqual(
      expect.arrayContaining([
        { Name: 'S3_DATA_EVENTS', AutoEnable: 'ALL' },
        { Name: 'EBS_MALWARE_PROTECTION', AutoEnable: 'NONE' },
        expect.objectContaining({ Name: 'RUNTIME_MONITORING', AutoEnable: 'ALL' }),
      ]),
    );
  });

  test('retries throttled calls', async () => {
    guardduty
      .on(ListDetectorsCommand)
      .rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' }))
      .resolves({ DetectorIds: ['det-1'] });
    await expect(onEvent(event('Create'))).resolves.toMatchObject({ PhysicalResourceId: 'det-1' });
    expect(guardduty).toHaveReceivedCommandTimes(ListDetectorsCommand, 2);
  });

  test('delete leaves GuardDuty on; malformed plans are rejected before any call', async () => {
    await expect(onEvent(event('Delete'))).resolves.toEqual({ PhysicalResourceId: 'det-1' });
    await expect(onEvent(event('Create', { Plans: { S3_PROTECTION: 'true' } }))).rejects.toThrow(/"S3_PROTECTION" is not one of/);
    await expect(onEvent(event('Create', { Plans: { S3_DATA_EVENTS: 'yes' } }))).rejects.toThrow(/S3_DATA_EVENTS: "yes" is not true or false/);
    expect(guardduty.calls()).toHaveLength(0);
  });
});
