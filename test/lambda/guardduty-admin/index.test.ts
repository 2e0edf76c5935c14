import {
  CreateDetectorCommand,
  GuardDutyClient,
  ListDetectorsCommand,
  UpdateDetectorCommand,
  UpdateOrganizationConfigurationCommand,
} from '@aws-sdk/client-guardduty';
import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { onEvent } from '../../../lambda/guardduty-admin';

const guardduty = mockClient(GuardDutyClient);
const kms = mockClient(KMSClient);
beforeEach(() => {
  guardduty.reset();
  kms.reset();
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

  describe('findings key alias', () => {
    const ALIAS = 'arn:aws:kms:eu-west-1:222222222222:alias/acme-log-archive';
    const KEY = 'arn:aws:kms:eu-west-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    beforeEach(() => {
      guardduty.on(ListDetectorsCommand).resolves({ DetectorIds: ['det-1'] });
    });

    test('resolves the alias to its key ARN with kms:DescribeKey in the alias region, for the export', async () => {
      // DescribeKey takes the alias ARN as KeyId and answers KeyMetadata.Arn
      // (https://docs.aws.amazon.com/kms/latest/APIReference/API_DescribeKey.html)
      kms.on(DescribeKeyCommand, { KeyId: ALIAS }).resolves({ KeyMetadata: { Arn: KEY, KeyId: '1234abcd' } });
      await expect(onEvent(event('Create', { Plans: plans, FindingsKeyAlias: ALIAS }))).resolves.toEqual({
        PhysicalResourceId: 'det-1',
        Data: { DetectorId: 'det-1', FindingsKeyArn: KEY },
      });
      expect(kms).toHaveReceivedCommandWith(DescribeKeyCommand, { KeyId: ALIAS });
      expect(await kms.call(0).thisValue.config.region()).toBe('eu-west-1');
    });

    test('retries a throttled DescribeKey and names the KMS error otherwise', async () => {
      kms
        .on(DescribeKeyCommand)
        .rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }))
        .rejectsOnce(Object.assign(new Error('Alias not found'), { name: 'NotFoundException' }));
      await expect(onEvent(event('Create', { Plans: plans, FindingsKeyAlias: ALIAS }))).rejects.toMatchObject({ name: 'NotFoundException' });
      expect(kms.commandCalls(DescribeKeyCommand)).toHaveLength(2);
    });

    test('a malformed alias is rejected before any call', async () => {
      await expect(onEvent(event('Create', { Plans: plans, FindingsKeyAlias: 'alias/acme' }))).rejects.toThrow(/FindingsKeyAlias "alias\/acme" is not a KMS alias ARN/);
      expect(guardduty.calls()).toHaveLength(0);
      expect(kms.calls()).toHaveLength(0);
    });
  });
});
