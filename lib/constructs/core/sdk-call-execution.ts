import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { ManagedPolicy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { logsEncryptionKey } from '../../../constructs/core/logs-key';

/** Props for {@link SdkCallExecution}. */
export interface SdkCallExecutionProps {
  /** What the calls do, for the role description and the acknowledgment reasons. */
  readonly purpose: string;
  /** The only permissions the calls need. */
  readonly statements: readonly PolicyStatement[];
}

/**
 * Execution setup for `AwsCustomResource` SDK calls that passes the guardrails without blanket exceptions:
 * its own role with a customer-managed policy (no `AWSLambdaBasicExecutionRole`, no inline policy) and a
 * log group encrypted by a rotating customer-managed key. Pass `role` and `logGroup` to each
 * `AwsCustomResource`, and make it depend on `policy` so the permissions exist before the first call.
 *
 * Default settings: logs kept one year and retained; findings that do not apply to aws-cdk-lib's singleton
 * function (VPC, DLQ, concurrency, runtime) acknowledged on that function with reasons.
 */
export class SdkCallExecution extends Construct {
  public readonly role: Role;
  public readonly logGroup: LogGroup;
  public readonly policy: ManagedPolicy;

  constructor(scope: Construct, id: string, props: SdkCallExecutionProps) {
    super(scope, id);
    this.role = new Role(this, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com'), description: props.purpose });
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: RetentionDays.ONE_YEAR,
      encryptionKey: logsEncryptionKey(this, 'LogKey', `Encrypts the logs of: ${props.purpose}`),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.policy = new ManagedPolicy(this, 'Policy', { roles: [this.role], statements: [...props.statements] });
    this.policy.addStatements(new PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [this.logGroup.logGroupArn] }));
  }

  /** Acknowledges, on aws-cdk-lib's singleton SDK-call function, the findings that do not apply to it. */
  public static acknowledgeSingleton(scope: Construct): void {
    const singleton = Stack.of(scope).node.tryFindChild('AWS679f53fac002430cb0da5b7982bd2287');
    if (!singleton) return;
    const what = 'The AwsCustomResource SDK-call function';
    Validations.of(singleton).acknowledge(
      { id: 'NIST.800.53.R5-LambdaInsideVPC', reason: `${what} calls only public Organizations APIs and holds no data.` },
      { id: 'NIST.800.53.R5-LambdaDLQ', reason: `${what} is invoked synchronously by CloudFormation, which reports failures itself.` },
      { id: 'NIST.800.53.R5-LambdaConcurrency', reason: `${what} runs only when CloudFormation changes one of its SDK-call resources.` },
      { id: 'AwsSolutions-L1', reason: 'aws-cdk-lib pins the AwsCustomResource runtime and updates it with aws-cdk-lib releases.' },
    );
  }
}
