/** The detectors recognize what aws-cdk-lib's L2 constructs synthesize (the shapes other stacks produce). */
import { CfnResource, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import { createApp } from '../../../lib/app';
import { complianceReport } from '../../../lib/evidence/compliance';
import { estimateCost, loadPrices, type PriceList } from '../../../lib/evidence/cost';
import { readAssembly } from '../../../lib/safety/release';
import { tempOutdir } from '../../helpers';

const app = createApp({ outdir: tempOutdir() });
const stack = new Stack(app, 'acme-sample-prod-eu-west-1', { env: { account: '333333333333', region: 'eu-west-1' } });
const key = new kms.Key(stack, 'Key', { enableKeyRotation: true, removalPolicy: RemovalPolicy.RETAIN });
const accessLogs = new s3.Bucket(stack, 'AccessLogs', { enforceSSL: true, blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL });
const bucket = new s3.Bucket(stack, 'Archive', {
  bucketName: 'acme-log-archive-333333333333-eu-west-1',
  enforceSSL: true,
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  encryptionKey: key,
  serverAccessLogsBucket: accessLogs,
});
const logGroup = new logs.LogGroup(stack, 'TrailLogs', { retention: logs.RetentionDays.ONE_YEAR });
new cloudtrail.Trail(stack, 'Trail', {
  bucket,
  encryptionKey: key,
  isMultiRegionTrail: true,
  includeGlobalServiceEvents: true,
  enableFileValidation: true,
  sendToCloudWatchLogs: true,
  cloudWatchLogGroup: logGroup,
});
const topic = new sns.Topic(stack, 'Alarms', { masterKey: key });
topic.addSubscription(new subs.EmailSubscription('security@example.com'));
const filter = new logs.MetricFilter(stack, 'RootUsage', {
  logGroup,
  filterPattern: logs.FilterPattern.literal('{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }'),
  metricNamespace: 'CISBenchmark',
  metricName: 'RootAccountUsage',
  metricValue: '1',
});
new cloudwatch.Alarm(stack, 'RootUsageAlarm', {
  metric: filter.metric({ period: Duration.minutes(5), statistic: 'Sum' }),
  threshold: 1,
  evaluationPeriods: 1,
}).addAlarmAction(new actions.SnsAction(topic));
const vpc = new ec2.Vpc(stack, 'Vpc', {
  natGateways: 2,
  flowLogs: { ToS3: { destination: ec2.FlowLogDestination.toS3(bucket) } },
  availabilityZones: ['eu-west-1a', 'eu-west-1b'],
});
vpc.addInterfaceEndpoint('Ssm', { service: ec2.InterfaceVpcEndpointAwsService.SSM });
// The account baseline's default-VPC removal, which CIS 3.7 and 5.5 need beside the declared VPC's flow log and SG.
new CfnResource(stack, 'DefaultVpcRemoval', { type: 'AWS::CloudFormation::CustomResource', properties: { ServiceToken: 'arn:aws:lambda:eu-west-1:333333333333:function:baseline', Setting: 'DefaultVpcRemoval' } });
new ec2.BastionHostLinux(stack, 'Bastion', { vpc, requireImdsv2: true, instanceType: new ec2.InstanceType('t3.nano') });

const stacks = readAssembly(app.synth().directory);
const report = complianceReport(stacks);
const status = (id: string) => report.controls.find((c) => c.id === id)?.status;

test.each(['CIS 1.17', 'CIS 2.1.1', 'CIS 2.1.4', 'CIS 3.1', 'CIS 3.2', 'CIS 3.4', 'CIS 3.5', 'CIS 3.6', 'CIS 3.7', 'CIS 4.3', 'CIS 5.3/5.4', 'CIS 5.5', 'CIS 5.7'])(
  '%s is recognized in what the L2 constructs synthesize',
  (id) => expect(status(id)).toBe('implemented'),
);

test('the cost estimate counts the VPC: 2 NAT gateways with 2 IPs, an SSM endpoint in 2 AZs, a KMS key, an alarm, a t3.nano', () => {
  const e = estimateCost(stacks, loadPrices('eu-west-1') as PriceList, [{ name: 'prod', id: '333333333333', role: 'workload' }]);
  const qty = (item: string) => e.lines.find((l) => l.item === item)?.quantity;
  expect(qty('natGatewayHour')).toBe(2 * 730);
  expect(qty('publicIpv4Hour')).toBe(2 * 730);
  expect(qty('interfaceEndpointAzHour')).toBe(2 * 730);
  expect(qty('kmsKeyMonth')).toBe(1);
  expect(qty('cloudWatchAlarmMonth')).toBe(1);
  expect(qty('instance:t3.nano')).toBe(730);
});
