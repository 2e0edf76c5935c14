import { CustomResource, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { ManagedPolicy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { CfnFunction, Code, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Provider } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { bundleHandler } from './bundle-cache';
import { acknowledgeControlPlaneFunction } from './sdk-call-findings';
import { sharedLogsKey } from '../../../constructs/core/logs-key';
import { ValidationError } from '../../../constructs/core/validation-error';

/** Props for {@link ControlPlaneCustomResource}. */
export interface ControlPlaneCustomResourceProps {
  /** Path of the handler's `index.ts` (a `lambda/<name>/index.ts` exporting `onEvent`). */
  readonly entry: string;
  /** What the handler does, in a few words; used in descriptions and acknowledgment reasons. */
  readonly purpose: string;
  /** `Custom::...` type of the resource(s). */
  readonly resourceType: string;
  /**
   * Properties of the one resource this construct creates (ID `Resource`).
   * @default - no resource: add one or more with {@link ControlPlaneCustomResource.addResource}
   */
  readonly properties?: Record<string, unknown>;
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
  /**
   * Key encrypting both log groups.
   * @default - the stack's shared logs key ({@link sharedLogsKey})
   */
  readonly logKey?: IKey;
  /** Retention of both log groups. @default RetentionDays.ONE_YEAR */
  readonly logRetention?: RetentionDays;
  /**
   * Construct ID of the handler's log group. Only for a log group released under another ID (log groups
   * are retained: a new ID would orphan the released one and start a second).
   * @default 'HandlerLogs'
   */
  readonly handlerLogsId?: string;
  /**
   * Reserved concurrency of the handler, to keep the calls it makes few.
   * @default - none (the account's unreserved pool)
   */
  readonly reservedConcurrentExecutions?: number;
}

/**
 * The landing zone's one way to run a control-plane call at deploy time: a custom resource whose handler
 * is an esbuild-bundled TypeScript `NodejsFunction` (Node.js 22, AWS SDK v3 from the runtime) behind the
 * CDK `Provider` framework, for organization configuration CloudFormation has no resource type for.
 * (The StackSet's account baseline is the one exception: a StackSet template cannot reference assets.)
 *
 * Default settings: one role shared by handler and framework with customer-managed policies only (no
 * inline policy, no AWS managed policy), log groups kept one year, retained and encrypted with the stack's
 * shared logs key, 10-minute timeout. The handler and the framework function are acknowledged once each,
 * here, with logical IDs computed from the tree, so the construct synthesizes cleanly under any ID.
 */
export class ControlPlaneCustomResource extends Construct {
  private readonly main?: CustomResource;
  public readonly handler: NodejsFunction;
  /** Service token of the provider; resources of `resourceType` elsewhere in the stack use it via {@link addResource}. */
  public readonly serviceToken: string;
  private readonly resourceType: string;

  constructor(scope: Construct, id: string, props: ControlPlaneCustomResourceProps) {
    super(scope, id);
    this.resourceType = props.resourceType;
    const role = new Role(this, 'Role', {
      roleName: props.roleName,
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: props.purpose,
    });
    // Encrypted with the stack's one logs key: one key for every handler of the stack, not one each.
    const encryptionKey = props.logKey ?? sharedLogsKey(this);
    const logGroup = (name: string) =>
      new LogGroup(this, name, { retention: props.logRetention ?? RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN, encryptionKey });
    const handlerLogs = logGroup(props.handlerLogsId ?? 'HandlerLogs');
    const frameworkLogs = logGroup('ProviderLogs');
    const handler = new NodejsFunction(this, 'Handler', {
      // Bundled by esbuild once per content (bundle-cache.ts) instead of an `npx esbuild` process per
      // handler per synth; same settings as NodejsFunction's: minified, AWS SDK v3 left to the runtime.
      code: Code.fromAsset(bundleHandler(props.entry).dir),
      handler: 'index.onEvent',
      runtime: Runtime.NODEJS_22_X,
      role,
      timeout: props.timeout ?? Duration.minutes(10),
      memorySize: 256,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      description: props.purpose,
      logGroup: handlerLogs,
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
    // The role is passed without policy updates so aws-cdk-lib adds no inline policy of its own to it.
    const provider = new Provider(this, 'Provider', {
      onEventHandler: handler,
      frameworkOnEventRole: role.withoutPolicyUpdates(),
      logGroup: frameworkLogs,
    });
    handler.node.addDependency(policy);
    provider.node.addDependency(invokePolicy);
    acknowledgeControlPlaneFunction(handler, props.purpose, { invoker: 'provider', reservedConcurrency: props.reservedConcurrentExecutions !== undefined });
    acknowledgeControlPlaneFunction(provider, `Provider framework of the ${props.purpose}`, { invoker: 'cloudformation' });
    this.serviceToken = provider.serviceToken;
    if (props.properties) this.main = this.addResource('Resource', props.properties);
  }

  /** The resource created from `properties` (ID `Resource`). */
  public get resource(): CustomResource {
    if (!this.main) throw ValidationError.of(this, 'ControlPlaneCustomResource', ['resource: created without properties; use the resources addResource returned']);
    return this.main;
  }

  /**
   * One more resource of this construct's type, handled by the same function. `scope` defaults to this
   * construct; pass another to keep a released resource's logical ID.
   */
  public addResource(id: string, properties: Record<string, unknown>, scope: Construct = this): CustomResource {
    return new CustomResource(scope, id, { serviceToken: this.serviceToken, resourceType: this.resourceType, properties });
  }
}
