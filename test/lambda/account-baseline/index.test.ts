import { AccountClient, PutAlternateContactCommand } from '@aws-sdk/client-account';
import { EC2Client, EnableEbsEncryptionByDefaultCommand, GetInstanceMetadataDefaultsCommand, ModifyInstanceMetadataDefaultsCommand } from '@aws-sdk/client-ec2';
import { CreateServiceLinkedRoleCommand, IAMClient, UpdateAccountPasswordPolicyCommand } from '@aws-sdk/client-iam';
import { PutPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { handler, onEvent, withRetries } from '../../../lambda/account-baseline';

const ec2 = mockClient(EC2Client);
const iam = mockClient(IAMClient);
const s3control = mockClient(S3ControlClient);
const account = mockClient(AccountClient);

beforeEach(() => {
  for (const m of [ec2, iam, s3control, account]) m.reset();
  ec2.onAnyCommand().resolves({});
  iam.onAnyCommand().resolves({});
  s3control.onAnyCommand().resolves({});
  account.onAnyCommand().resolves({});
});

function event(requestType: 'Create' | 'Update' | 'Delete', props: Record<string, string>): CloudFormationCustomResourceEvent {
  return {
    RequestType: requestType,
    ServiceToken: 'arn:aws:lambda:eu-west-1:123456789012:function:baseline',
    ResponseURL: 'https://cloudformation-custom-resource-response.example/abc',
    StackId: 'arn:aws:cloudformation:eu-west-1:123456789012:stack/s/1',
    RequestId: 'r-1',
    LogicalResourceId: 'Setting',
    ResourceType: 'AWS::CloudFormation::CustomResource',
    ResourceProperties: { ServiceToken: 'x', ...props },
    ...(requestType === 'Create' ? {} : { PhysicalResourceId: props.Setting, OldResourceProperties: {} }),
  } as CloudFormationCustomResourceEvent;
}

const contact = { Setting: 'SecurityContact', Name: 'SecOps', Title: 'Security', Email: 'sec@example.com', Phone: '+44 20 7946 0000' };

describe('account-baseline handler', () => {
  test('turns EBS encryption by default on', async () => {
    expect((await onEvent(event('Create', { Setting: 'EbsEncryptionByDefault' }))).Status).toBe('SUCCESS');
    expect(ec2).toHaveReceivedCommandTimes(EnableEbsEncryptionByDefaultCommand, 1);
  });

  test('makes IMDSv2 the instance-metadata default', async () => {
    await onEvent(event('Update', { Setting: 'InstanceMetadataDefaults' }));
    expect(ec2).toHaveReceivedCommandWith(ModifyInstanceMetadataDefaultsCommand, { HttpTokens: 'required', HttpPutResponseHopLimit: 2 });
  });

  // GetInstanceMetadataDefaults reports ManagedBy "declarative-policy" when an EC2 declarative policy sets the
  // defaults, which the account then cannot modify:
  // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_InstanceMetadataDefaultsResponse.html
  test('leaves IMDS defaults an EC2 declarative policy manages to the policy, and reports it', async () => {
    ec2.on(GetInstanceMetadataDefaultsCommand).resolves({ AccountLevel: { HttpTokens: 'required', ManagedBy: 'declarative-policy' } });
    expect(await onEvent(event('Create', { Setting: 'InstanceMetadataDefaults' }))).toMatchObject({
      Status: 'SUCCESS',
      Data: { ManagedBy: 'declarative-policy', HttpTokens: 'required' },
    });
    expect(ec2).not.toHaveReceivedCommand(ModifyInstanceMetadataDefaultsCommand);
  });

  test('blocks public access account-wide for the account that runs it', async () => {
    await onEvent(event('Create', { Setting: 'S3AccountPublicAccessBlock' }));
    expect(s3control).toHaveReceivedCommandWith(PutPublicAccessBlockCommand, {
      AccountId: '123456789012',
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
    });
  });

  test('sets a CIS 1.7/1.8 password policy (length 14, reuse prevention 24)', async () => {
    await onEvent(event('Create', { Setting: 'PasswordPolicy' }));
    expect(iam).toHaveReceivedCommandWith(UpdateAccountPasswordPolicyCommand, { MinimumPasswordLength: 14, PasswordReusePrevention: 24 });
  });

  test('registers the SECURITY alternate contact of its own account (no AccountId)', async () => {
    await onEvent(event('Create', contact));
    const input = account.commandCalls(PutAlternateContactCommand)[0].args[0].input;
    expect(input).toEqual({ AlternateContactType: 'SECURITY', Name: 'SecOps', Title: 'Security', EmailAddress: 'sec@example.com', PhoneNumber: '+44 20 7946 0000' });
  });

  test('treats an existing Config service-linked role as success (idempotent across regions)', async () => {
    iam.on(CreateServiceLinkedRoleCommand).rejects(
      Object.assign(new Error('Service role name AWSServiceRoleForConfig has been taken in this account, please try a different suffix.'), {
        name: 'InvalidInputException',
      }),
    );
    expect((await onEvent(event('Create', { Setting: 'ConfigServiceLinkedRole' }))).Status).toBe('SUCCESS');
  });

  test('delete leaves every protection on: no API call, SUCCESS, same physical ID', async () => {
    const response = await onEvent(event('Delete', { Setting: 'EbsEncryptionByDefault' }));
    expect(response).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'EbsEncryptionByDefault' });
    for (const m of [ec2, iam, s3control, account]) expect(m.calls()).toHaveLength(0);
  });

  test('rejects an unknown setting or a malformed contact before calling AWS', async () => {
    expect(await onEvent(event('Create', { Setting: 'DisableEverything' }))).toMatchObject({
      Status: 'FAILED',
      Reason: expect.stringMatching(/Setting "DisableEverything" is not one of/),
    });
    expect(await onEvent(event('Create', { ...contact, Phone: '0207' }))).toMatchObject({ Status: 'FAILED', Reason: expect.stringMatching(/Phone "0207"/) });
    for (const m of [ec2, iam, s3control, account]) expect(m.calls()).toHaveLength(0);
  });

  test('retries a throttled call and then succeeds', async () => {
    ec2.on(EnableEbsEncryptionByDefaultCommand)
      .rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'RequestLimitExceeded' }))
      .resolves({ EbsEncryptionByDefault: true });
    expect((await onEvent(event('Create', { Setting: 'EbsEncryptionByDefault' }))).Status).toBe('SUCCESS');
    expect(ec2).toHaveReceivedCommandTimes(EnableEbsEncryptionByDefaultCommand, 2);
  });

  test('withRetries backs off on throttling, gives up after the last attempt, and never retries other errors', async () => {
    const sleeps: number[] = [];
    const sleep = async (ms: number) => void sleeps.push(ms);
    const throttled = jest.fn().mockRejectedValue(Object.assign(new Error('slow down'), { name: 'ThrottlingException' }));
    await expect(withRetries(throttled, 4, sleep)).rejects.toThrow('slow down');
    expect(throttled).toHaveBeenCalledTimes(4);
    expect(sleeps).toHaveLength(3);
    expect(sleeps[2]).toBeGreaterThan(sleeps[0]);
    const denied = jest.fn().mockRejectedValue(Object.assign(new Error('no'), { name: 'AccessDeniedException' }));
    await expect(withRetries(denied, 4, sleep)).rejects.toThrow('no');
    expect(denied).toHaveBeenCalledTimes(1);
  });

  test('answers CloudFormation on the pre-signed URL, with FAILED and a reason on error', async () => {
    const fetchMock = jest.fn().mockResolvedValue({ ok: true, status: 200 });
    const original = global.fetch;
    global.fetch = fetchMock as unknown as typeof fetch;
    try {
      ec2.on(EnableEbsEncryptionByDefaultCommand).rejects(Object.assign(new Error('denied by SCP'), { name: 'UnauthorizedOperation' }));
      jest.spyOn(console, 'error').mockImplementation(() => undefined);
      await handler(event('Create', { Setting: 'EbsEncryptionByDefault' }));
      const [url, init] = fetchMock.mock.calls[0];
      expect(url).toBe('https://cloudformation-custom-resource-response.example/abc');
      expect(init.method).toBe('PUT');
      expect(JSON.parse(init.body)).toMatchObject({ Status: 'FAILED', Reason: 'UnauthorizedOperation: denied by SCP', RequestId: 'r-1' });
    } finally {
      global.fetch = original;
    }
  });
});
