import { Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as targets from 'aws-cdk-lib/aws-elasticloadbalancingv2-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
// A product team imports these from 'secure-landing-zone/constructs'.
import { logsEncryptionKey, OptOut, SecureBackupPlan, SecureDatabase, SecureLoadBalancer, SecureQueue, TieredVpc } from '../../constructs';

export interface ApiStackProps extends StackProps {
  /** ACM certificate of the API's domain, in this stack's region. */
  readonly certificateArn: string;
  /** ARN of the backup vault in the second region that receives copies. */
  readonly backupCopyVaultArn: string;
  /** The VPC's Availability Zones, pinned so `cdk synth` needs no credentials. */
  readonly availabilityZones: readonly string[];
  /** Organization ID: the VPC endpoints admit only its principals. */
  readonly organizationId: string;
  /** The landing zone's log archive bucket, where the VPC's flow logs go. */
  readonly flowLogBucketArn: string;
}

/** The API: load balancer → function (app tier) → queue and database (data tier), backed up to a second region. */
export class ApiStack extends Stack {
  public readonly loadBalancer: SecureLoadBalancer;
  public readonly database: SecureDatabase;
  public readonly jobs: SecureQueue;

  private readonly zones: readonly string[];

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    this.zones = props.availabilityZones;
    const { vpc } = new TieredVpc(this, 'Network', {
      cidr: '10.60.0.0/20',
      availabilityZones: props.availabilityZones,
      organizationId: props.organizationId,
      flowLogBucketArn: props.flowLogBucketArn,
      tiers: { public: 26, app: 24, data: 26, admin: 28, monitoring: 28 },
      natGateways: 'single',
      interfaceEndpoints: ['sqs', 'logs', 'kms'],
    });
    const backups = new SecureBackupPlan(this, 'Backups', { copyToVaultArn: props.backupCopyVaultArn });

    this.jobs = new SecureQueue(this, 'Jobs');
    this.database = new SecureDatabase(this, 'Db', { vpc, backupPlan: backups });
    const apiFailures = new SecureQueue(this, 'ApiFailures', {
      optOuts: { deadLetterQueue: OptOut.because('This queue is itself the dead-letter queue of the API function') },
    });

    const api = this.apiFunction(vpc, apiFailures);
    this.database.allowConnectionsFrom(api, 'API function to the database');

    this.loadBalancer = new SecureLoadBalancer(this, 'Lb', {
      vpc,
      certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn),
    });
    this.loadBalancer.listener.addTargets('Api', {
      priority: 10,
      conditions: [elbv2.ListenerCondition.pathPatterns(['/api/*'])],
      targets: [new targets.LambdaTarget(api)],
    });
  }

  // ec2.Vpc checks its zones against the stack's; returning them avoids a credentialed lookup at synth.
  public override get availabilityZones(): string[] {
    return [...this.zones];
  }

  /** The API handler: in the app tier, least-privilege role with a customer-managed policy, encrypted logs. */
  private apiFunction(vpc: ec2.IVpc, deadLetters: SecureQueue): lambda.Function {
    // Usable by CloudWatch Logs only for this account's log groups (encryption-context bound), rotated, retained.
    const logKey = logsEncryptionKey(this, 'ApiLogKey', 'Encrypts the API function logs');
    const logGroup = new logs.LogGroup(this, 'ApiLogs', { encryptionKey: logKey, retention: logs.RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN });

    const policy = new iam.ManagedPolicy(this, 'ApiPolicy', {
      statements: [
        new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }),
        new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.jobs.queue.queueArn, deadLetters.queue.queueArn] }),
        new iam.PolicyStatement({ actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [this.jobs.encryptionKey.keyArn, deadLetters.encryptionKey.keyArn] }),
        new iam.PolicyStatement({
          actions: ['rds-db:connect'],
          resources: [this.formatArn({ service: 'rds-db', resource: 'dbuser', resourceName: `${this.database.instance.instanceResourceId}/app_user` })],
        }),
        // Lambda creates the function's network interfaces with the execution role; EC2 has no resource-level
        // permissions for these calls.
        new iam.PolicyStatement({
          actions: ['ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DeleteNetworkInterface', 'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses'],
          resources: ['*'],
        }),
      ],
    });
    Validations.of(policy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'VPC network-interface calls made by Lambda for the API function support no resource-level permissions.',
    });
    const role = new iam.Role(this, 'ApiRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'), managedPolicies: [policy] });

    return new lambda.Function(this, 'Api', {
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline(
        [
          "const { SQSClient, SendMessageCommand } = require('@aws-sdk/client-sqs');",
          'const sqs = new SQSClient({});',
          'exports.handler = async (event) => {',
          '  await sqs.send(new SendMessageCommand({ QueueUrl: process.env.JOBS_URL, MessageBody: JSON.stringify({ path: event.path }) }));',
          "  return { statusCode: 202, headers: { 'content-type': 'application/json' }, body: '{\"accepted\":true}' };",
          '};',
        ].join('\n'),
      ),
      environment: { JOBS_URL: this.jobs.queue.queueUrl },
      role: role.withoutPolicyUpdates(),
      vpc,
      vpcSubnets: { subnetGroupName: 'app' },
      logGroup,
      reservedConcurrentExecutions: 20,
      deadLetterQueue: deadLetters.queue,
      timeout: Duration.seconds(10),
      tracing: lambda.Tracing.DISABLED,
    });
  }
}
