/**
 * Default-VPC removal, with the EC2 API mocked. Requests and responses follow the EC2 API reference:
 * DescribeVpcs (filter is-default) https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeVpcs.html,
 * DeleteVpc https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteVpc.html.
 */
import {
  DeleteSubnetCommand,
  DeleteVpcCommand,
  DescribeInternetGatewaysCommand,
  DescribeNetworkInterfacesCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcPeeringConnectionsCommand,
  DescribeVpcsCommand,
  DetachInternetGatewayCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { onEvent } from '../../../lambda/account-baseline';

const ec2 = mockClient(EC2Client);
const VPC = 'vpc-0a1b2c3d';

function event(requestType: 'Create' | 'Update' | 'Delete'): CloudFormationCustomResourceEvent {
  return {
    RequestType: requestType,
    ServiceToken: 'arn:aws:lambda:eu-west-1:123456789012:function:baseline',
    ResponseURL: 'https://cloudformation-custom-resource-response.example/abc',
    StackId: 'arn:aws:cloudformation:eu-west-1:123456789012:stack/s/1',
    RequestId: 'r-1',
    LogicalResourceId: 'DefaultVpcRemoval',
    ResourceType: 'AWS::CloudFormation::CustomResource',
    ResourceProperties: { ServiceToken: 'x', Setting: 'DefaultVpcRemoval' },
    ...(requestType === 'Create' ? {} : { PhysicalResourceId: 'DefaultVpcRemoval', OldResourceProperties: {} }),
  } as CloudFormationCustomResourceEvent;
}

/** A fresh default VPC as AWS creates it: one IGW, a default subnet per AZ, the default SG and main route table. */
function freshDefaultVpc(): void {
  ec2.onAnyCommand().resolves({});
  ec2.on(DescribeVpcsCommand, { Filters: [{ Name: 'is-default', Values: ['true'] }] }).resolves({ Vpcs: [{ VpcId: VPC, IsDefault: true }] });
  ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [{ GroupId: 'sg-1', GroupName: 'default', VpcId: VPC }] });
  ec2.on(DescribeRouteTablesCommand).resolves({ RouteTables: [{ RouteTableId: 'rtb-1', Associations: [{ Main: true }] }] });
  ec2.on(DescribeSubnetsCommand).resolves({
    Subnets: [
      { SubnetId: 'subnet-a', DefaultForAz: true },
      { SubnetId: 'subnet-b', DefaultForAz: true },
    ],
  });
  ec2.on(DescribeInternetGatewaysCommand).resolves({ InternetGateways: [{ InternetGatewayId: 'igw-1', Attachments: [{ VpcId: VPC, State: 'attached' }] }] });
}

const mutatingCalls = () => ec2.calls().map((c) => c.args[0].constructor.name).filter((n) => /^(Detach|Delete)/.test(n));

beforeEach(() => {
  ec2.reset();
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  jest.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => jest.restoreAllMocks());

describe('default-VPC removal', () => {
  test('removes an empty default VPC in order: detach and delete the gateway, delete the subnets, then the VPC', async () => {
    freshDefaultVpc();
    const response = await onEvent(event('Create'));
    expect(response).toMatchObject({ Status: 'SUCCESS', Data: { Result: 'deleted', VpcId: VPC, Deleted: `igw-1,subnet-a,subnet-b,${VPC}` } });
    expect(mutatingCalls()).toEqual([
      'DetachInternetGatewayCommand',
      'DeleteInternetGatewayCommand',
      'DeleteSubnetCommand',
      'DeleteSubnetCommand',
      'DeleteVpcCommand',
    ]);
    expect(ec2).toHaveReceivedCommandWith(DetachInternetGatewayCommand, { InternetGatewayId: 'igw-1', VpcId: VPC });
    expect(ec2).toHaveReceivedCommandWith(DeleteVpcCommand, { VpcId: VPC });
  });

  test('with no default VPC there is nothing to do: SUCCESS, Result none, no delete (an update re-runs it safely)', async () => {
    ec2.onAnyCommand().resolves({});
    ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [] });
    for (const type of ['Create', 'Update'] as const) {
      expect(await onEvent(event(type))).toMatchObject({ Status: 'SUCCESS', Data: { Result: 'none' } });
    }
    expect(mutatingCalls()).toEqual([]);
  });

  test('never deletes a VPC the service does not report as default', async () => {
    ec2.onAnyCommand().resolves({});
    ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [{ VpcId: 'vpc-team', IsDefault: false }] });
    expect(await onEvent(event('Create'))).toMatchObject({ Status: 'SUCCESS', Data: { Result: 'none' } });
    expect(mutatingCalls()).toEqual([]);
  });

  test.each([
    ['a network interface (an instance)', DescribeNetworkInterfacesCommand, { NetworkInterfaces: [{ NetworkInterfaceId: 'eni-1' }] }, /1 network interface\(s\) \(eni-1\)/],
    ['an active peering connection', DescribeVpcPeeringConnectionsCommand, { VpcPeeringConnections: [{ VpcPeeringConnectionId: 'pcx-1', Status: { Code: 'active' } }] }, /peering connection/],
    ['a security group someone created', DescribeSecurityGroupsCommand, { SecurityGroups: [{ GroupId: 'sg-1', GroupName: 'default' }, { GroupId: 'sg-2', GroupName: 'web' }] }, /security group\(s\) other than default \(sg-2\)/],
    ['a subnet someone added', DescribeSubnetsCommand, { Subnets: [{ SubnetId: 'subnet-a', DefaultForAz: true }, { SubnetId: 'subnet-x', DefaultForAz: false }] }, /subnet\(s\) not created with the default VPC \(subnet-x\)/],
  ])('a default VPC with %s is left untouched and reported; the stack does not fail', async (_what, command, output, reason) => {
    freshDefaultVpc();
    ec2.on(command as any).resolves(output as any);
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const response = await onEvent(event('Create'));
    expect(response).toMatchObject({ Status: 'SUCCESS', Data: { Result: 'kept', VpcId: VPC, Reason: expect.stringMatching(reason), Deleted: '' } });
    expect(mutatingCalls()).toEqual([]);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/"Result":"kept"/));
  });

  test('delete does nothing: the removed default VPC is not recreated and no EC2 call is made', async () => {
    ec2.onAnyCommand().resolves({});
    expect(await onEvent(event('Delete'))).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'DefaultVpcRemoval' });
    expect(ec2.calls()).toHaveLength(0);
  });

  test('retries a throttled call and then completes', async () => {
    freshDefaultVpc();
    ec2.on(DeleteVpcCommand).rejectsOnce(Object.assign(new Error('Request limit exceeded.'), { name: 'RequestLimitExceeded' })).resolves({});
    expect(await onEvent(event('Create'))).toMatchObject({ Status: 'SUCCESS', Data: { Result: 'deleted' } });
    expect(ec2).toHaveReceivedCommandTimes(DeleteVpcCommand, 2);
  });

  test('something launched between the check and the delete (DependencyViolation): kept, reported, SUCCESS', async () => {
    freshDefaultVpc();
    ec2.on(DeleteSubnetCommand).rejects(Object.assign(new Error("The subnet 'subnet-a' has dependencies and cannot be deleted."), { name: 'DependencyViolation' }));
    expect(await onEvent(event('Create'))).toMatchObject({
      Status: 'SUCCESS',
      Data: { Result: 'kept', Reason: expect.stringMatching(/became non-empty/), Deleted: 'igw-1' },
    });
    expect(ec2).not.toHaveReceivedCommand(DeleteVpcCommand);
  });

  test('any other error (e.g. access denied) fails the resource with the reason', async () => {
    freshDefaultVpc();
    ec2.on(DeleteVpcCommand).rejects(Object.assign(new Error('not authorized'), { name: 'UnauthorizedOperation' }));
    expect(await onEvent(event('Create'))).toMatchObject({ Status: 'FAILED', Reason: 'UnauthorizedOperation: not authorized' });
  });
});

