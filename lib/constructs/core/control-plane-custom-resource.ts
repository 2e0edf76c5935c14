import { CustomResource, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { ManagedPolicy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { CfnFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Provider } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { acknowledgeControlPlaneFunction } from './sdk-call-findings';
import { sharedLogsKey } from '../../../constructs/core/logs-key';

/** Props for {@link ControlPlaneCustomResource}. */
export interface ControlPlaneCustomResourceProps {
  /** Path of the handler's `index.ts` (a `lambda/<name>/index.ts` exporting `onEvent`). */
  readonly entry: string;
  /** What the handler does, in a few words; used in descriptions and acknowledgment reasons. */
  readonly purpose: string;
  /** `Custom::...` type of the resource. */
  readonly resourceType: string;
  /** Properties passed to the handler. */
  readonly properties: Record<string, unknown>;
  /** The handler's permissions (logs and invocation are added here). */
  readonly statements: readonly PolicyStatement[];
  /**
   * Why any `"*"` resource in `statements` cannot be narrower (IAM offers no resource type for the action).
   * @default - `statements` must not use `"*"`
   */
  readonly wildcardReason?: string;
  /** @default Duration.minutes(10) */
  readonly timeout?: Duration;
  /**
   * Name of the handler's role, for guardrails that exempt a named role from one statement.
   * @default - a generated name
   */
  readonly roleName?: string;
}

/**
 * A custom resource whose handler is an esbuild-bundled TypeScript `NodejsFunction` (Node.js 22, AWS SDK
 * v3 from the runtime) behind the CDK `Provider` framework, for organization configuration CloudFormation
 * has no resource type for.
 *
 * Default settings: one role shared by handler and framework with customer-managed policies only (no
 * inline policy, no AWS managed policy), log groups kept one year, retained and encrypted with the stack's shared logs key, 10-minute timeout.
 */
export class ControlPlaneCustomResource extends Construct {
  public readonly resource: CustomResource;
  public readonly handler: NodejsFunction;

  constructor(scope: Construct, id: string, props: ControlPlaneCustomResourceProps) {
    super(scope, id);
    const role = new Role(this, 'Role', {
      roleName: props.roleName,
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: props.purpose,
    });
    // Encrypted with the stack's one logs key: one key for every handler of the stack, not one each.
    const logGroup = (name: string) =>
      new LogGroup(this, name, { retention: RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN, encryptionKey: sharedLogsKey(this) });
    const handlerLogs = logGroup('HandlerLogs');
    const frameworkLogs = logGroup('ProviderLogs');
    const handler = new NodejsFunction(this, 'Handler', {
      entry: props.entry,
      handler: 'onEvent',
      runtime: Runtime.NODEJS_22_X,
      role,
      timeout: props.timeout ?? Duration.minutes(10),
      memorySize: 256,
      description: props.purpose,
      logGroup: handlerLogs,
      bundling: { minify: true, externalModules: ['@aws-sdk/*'] },
    });
    this.handler = handler;
    // Two reviewable managed policies: one the handler needs before it exists, one (naming the handler)
    // the provider framework needs to invoke it.
    const policy = new ManagedPolicy(this, 'Policy', {
      roles: [role],
      statements: [
        ...props.statements,
        new PolicyStatement({
          sid: 'OwnLogs',
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [handlerLogs.logGroupArn, frameworkLogs.logGroupArn],
        }),
      ],
    });
    if (props.wildcardReason) Validations.of(policy).acknowledge({ id: 'AwsSolutions-IAM5[Resource::*]', reason: props.wildcardReason });
    const invokePolicy = new ManagedPolicy(this, 'InvokePolicy', {
      roles: [role],
      statements: [new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [handler.functionArn, `${handler.functionArn}:*`] })],
    });
    Validations.of(invokePolicy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(handler.node.defaultChild as CfnFunction)}.Arn>:*]`,
      reason: `The provider framework invokes the qualified versions of the one ${props.purpose} function`,
    });
    const provider = new Provider(this, 'Provider', {
      onEventHandler: handler,
      frameworkOnEventRole: role.withoutPolicyUpdates(),
      logGroup: frameworkLogs,
    });
    handler.node.addDependency(policy);
    provider.node.addDependency(invokePolicy);
    acknowledgeControlPlaneFunction(handler, props.purpose);
    acknowledgeControlPlaneFunction(provider, `Provider framework of the ${props.purpose}`);
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: props.resourceType,
      properties: props.properties,
    });
  }
}
