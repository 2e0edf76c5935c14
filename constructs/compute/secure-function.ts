import { Duration, RemovalPolicy, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { logsEncryptionKey } from '../core/logs-key';
import { ENI_ACTIONS, ManagedPolicyRole } from '../core/managed-policy-role';
import { privateSubnetGroupProblems } from '../core/subnets';
import { throwIfProblems } from '../core/validation-error';
import { SecureQueue } from '../messaging/secure-queue';

/** Props for {@link SecureFunction}. */
export interface SecureFunctionProps {
  /** The VPC (a `TieredVpc`'s `vpc`): the function runs in its `subnetGroupName` subnets. */
  readonly vpc: ec2.IVpc;
  /** The runtime, e.g. `lambda.Runtime.NODEJS_24_X` (AwsSolutions-L1 wants the family's latest). */
  readonly runtime: lambda.Runtime;
  /** The handler, e.g. `index.handler`. */
  readonly handler: string;
  /** Your code (`lambda.Code.fromAsset('dist/api')`); it travels as your app's asset. */
  readonly code: lambda.Code;
  /**
   * Subnet group the function's network interfaces are placed in (private only).
   * @default 'app'
   */
  readonly subnetGroupName?: string;
  /**
   * Non-secret configuration. Read secrets at run time from Secrets Manager (grant `secret.grantRead(fn)`).
   * @default - none
   */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * Longest run of one invocation.
   * @default Duration.seconds(10)
   */
  readonly timeout?: Duration;
  /**
   * Memory in MiB (128-10240).
   * @default 256
   */
  readonly memorySize?: number;
  /**
   * Concurrent executions reserved (and capped) for this function, so a flood cannot starve the account.
   * @default 10
   * @see NIST 800-53 SC-5 (NIST.800.53.R5-LambdaConcurrency)
   */
  readonly reservedConcurrentExecutions?: number;
  /**
   * How long the function's logs are kept.
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Customer-managed key encrypting the logs; CloudWatch Logs must be allowed to use it.
   * @default - a new key from `logsEncryptionKey` (rotation on, retained)
   */
  readonly logsKey?: kms.IKey;
  /**
   * Code signing: Lambda refuses code not signed by one of the config's signing profiles.
   * @default - none
   * @see Security Hub Lambda (code signing), NIST 800-53 CM-14
   */
  readonly codeSigningConfig?: lambda.ICodeSigningConfig;
}

/**
 * A Lambda function in the app tier, with its own least-privilege role, encrypted retained logs and a
 * dead-letter queue.
 *
 * ```ts
 * const api = new SecureFunction(this, 'Api', { vpc, runtime: lambda.Runtime.NODEJS_24_X, handler: 'index.handler', code });
 * jobs.queue.grantSendMessages(api); // lands in the function role's customer-managed policy
 * db.allowConnectionsFrom(api, 'API to the database');
 * ```
 *
 * Default settings:
 * - in the `app` subnets; own security group, egress 443 only
 * - own role: only the grants you add, the log group writes and the network-interface calls Lambda makes
 *   for a VPC function; all in one customer-managed policy, never inline, never an AWS managed policy
 * - logs to a KMS-encrypted log group kept one year and retained
 * - dead-letter queue ({@link SecureQueue}, customer-managed key) for failed asynchronous invocations
 * - reserved concurrency 10; timeout 10 s; 256 MiB
 * - code signing when you pass a config
 *
 * @see NIST 800-53 AC-6, AU-9, SC-5, SC-7, SC-28; AwsSolutions L1, IAM4, IAM5
 */
export class SecureFunction extends Construct implements iam.IGrantable, ec2.IConnectable {
  /** The function. Invoke or route to it (`new targets.LambdaTarget(fn.function)`); grant to it through this construct. */
  public readonly function: lambda.Function;
  /** The function's role; grants to the construct (`bucket.grantRead(fn)`) land in its customer-managed policy. */
  public readonly role: iam.IRole;
  /** The principal grants go to: the function's role. */
  public readonly grantPrincipal: iam.IPrincipal;
  /** The function's security group connections: let a database admit it (`db.allowConnectionsFrom(fn, ...)`). */
  public readonly connections: ec2.Connections;
  /** The encrypted, retained log group of the function. */
  public readonly logGroup: logs.LogGroup;
  /** Where failed asynchronous invocations go: alarm on its depth. */
  public readonly deadLetterQueue: SecureQueue;

  constructor(scope: Construct, id: string, props: SecureFunctionProps) {
    super(scope, id);
    const subnetGroupName = props.subnetGroupName ?? 'app';
    const concurrency = props.reservedConcurrentExecutions ?? 10;
    const memorySize = props.memorySize ?? 256;
    throwIfProblems(this, 'SecureFunction', [
      ...(!Token.isUnresolved(concurrency) && (!Number.isInteger(concurrency) || concurrency < 1)
        ? [`reservedConcurrentExecutions: ${concurrency} is not allowed (allowed: a whole number, at least 1)`]
        : []),
      ...(!Token.isUnresolved(memorySize) && (!Number.isInteger(memorySize) || memorySize < 128 || memorySize > 10240)
        ? [`memorySize: ${memorySize} is not allowed (allowed: a whole number of MiB from 128 to 10240)`]
        : []),
      ...Object.keys(props.environment ?? {})
        .filter((name) => /PASSWORD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL/i.test(name))
        .map((name) => `environment.${name}: looks like a secret (allowed: non-secret configuration; read secrets from Secrets Manager at run time)`),
      ...privateSubnetGroupProblems(props.vpc, subnetGroupName),
    ]);

    const logsKey = props.logsKey ?? logsEncryptionKey(this, 'LogsKey', `Encrypts the logs of ${this.node.path}`);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      encryptionKey: logsKey,
      retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const role = new ManagedPolicyRole(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Role of the function ${this.node.path}`.slice(0, 1000),
    });
    this.role = role;
    this.grantPrincipal = role;
    // What AWSLambdaVPCAccessExecutionRole would grant, without an AWS managed policy: Lambda creates and
    // removes the function's network interfaces with this role.
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: [...ENI_ACTIONS], resources: ['*'] }));
    this.logGroup.grantWrite(role);

    // The dead-letter queue receives the failed event itself: it has no dead-letter queue of its own.
    this.deadLetterQueue = new SecureQueue(this, 'DeadLetters', {
      optOuts: { deadLetterQueue: { reason: `This queue is the dead-letter queue of the function ${this.node.path}` } },
    });
    this.deadLetterQueue.queue.grantSendMessages(role);

    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `Function ${this.node.path}: ingress only from what the app allows`.slice(0, 255),
      allowAllOutbound: false,
    });
    securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'AWS APIs through VPC endpoints or NAT');

    this.function = new lambda.Function(this, 'Resource', {
      runtime: props.runtime,
      handler: props.handler,
      code: props.code,
      role,
      vpc: props.vpc,
      vpcSubnets: { subnetGroupName },
      securityGroups: [securityGroup],
      environment: props.environment ? { ...props.environment } : undefined,
      timeout: props.timeout ?? Duration.seconds(10),
      memorySize,
      reservedConcurrentExecutions: concurrency,
      logGroup: this.logGroup,
      deadLetterQueue: this.deadLetterQueue.queue,
      codeSigningConfig: props.codeSigningConfig,
    });
    this.connections = this.function.connections;
  }
}
