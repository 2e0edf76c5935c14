import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** Who invokes a control-plane function, which decides why a dead-letter queue would stay empty. */
export interface ControlPlaneFunctionOptions {
  /**
   * `cloudformation`: the function is a custom resource's service token; `provider`: the CDK provider
   * framework invokes it.
   * @default 'cloudformation'
   */
  readonly invoker?: 'cloudformation' | 'provider';
  /** The function has reserved concurrency of its own (no concurrency acknowledgment). @default false */
  readonly reservedConcurrency?: boolean;
}

/**
 * Acknowledges the findings every control-plane custom-resource function shares: Node.js 22 rather than
 * the newest runtime, no reserved concurrency, no dead-letter queue, no VPC. `purpose` names the function
 * in each reason.
 *
 * @see https://docs.aws.amazon.com/lambda/latest/dg/services-cloudformation.html (CloudFormation invokes
 * the function asynchronously with a pre-signed response URL)
 */
export function acknowledgeControlPlaneFunction(fn: IConstruct, purpose: string, options: ControlPlaneFunctionOptions = {}): void {
  // A Lambda DLQ only ever receives asynchronous events Lambda gave up on. CloudFormation's are such events,
  // but the function reports every failure to the response URL and CloudFormation fails the operation (or
  // times it out) for any event left unanswered; the provider's handler is invoked synchronously.
  const dlq =
    (options.invoker ?? 'cloudformation') === 'cloudformation'
      ? `${purpose}: CloudFormation invokes it asynchronously and waits on the pre-signed response URL, to which it reports every failure; an event left unanswered fails the stack operation on timeout, so failures show on the stack, never in a queue`
      : `${purpose}: invoked synchronously by the provider framework, which reports its errors to CloudFormation through the response URL; Lambda sends only asynchronous events to a dead-letter queue`;
  Validations.of(fn).acknowledge(
    { id: 'AwsSolutions-L1', reason: `${purpose}: pinned to Node.js 22, the runtime the landing zone standardizes on and whose bundled AWS SDK v3 it uses` },
    { id: 'NIST.800.53.R5-LambdaDLQ', reason: dlq },
    { id: 'NIST.800.53.R5-LambdaInsideVPC', reason: `${purpose}: calls only AWS control-plane APIs; the accounts it runs in need no VPC for it` },
  );
  if (!options.reservedConcurrency) {
    Validations.of(fn).acknowledge({
      id: 'NIST.800.53.R5-LambdaConcurrency',
      reason: `${purpose}: invoked by CloudFormation a few times per deployment; reserved concurrency would only take from the account pool`,
    });
  }
}

/**
 * Acknowledges a log group that holds only custom-resource diagnostics (no customer or finding data).
 * Used only by the StackSet's account-baseline handler; every other log group is encrypted.
 */
export function acknowledgeDiagnosticsLogGroup(logGroup: IConstruct, purpose: string): void {
  Validations.of(logGroup).acknowledge({
    id: 'NIST.800.53.R5-CloudWatchLogGroupEncrypted',
    reason: `${purpose}: the log holds API names, account IDs and error messages of configuration calls, no customer or finding data`,
  });
}
