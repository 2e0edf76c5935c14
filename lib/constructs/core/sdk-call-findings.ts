import { Stack, Validations } from 'aws-cdk-lib';
import type { AwsCustomResource } from 'aws-cdk-lib/custom-resources';
import type { IConstruct } from 'constructs';

/** Construct ID of the provider function every `AwsCustomResource` in a stack shares. */
const PROVIDER_ID = 'AWS679f53fac002430cb0da5b7982bd2287';

/**
 * Acknowledges, on one `AwsCustomResource`, the nag findings its construction implies, with `what` (the
 * API call and its resource scope) in the reason; and the findings of the shared provider function.
 * Used only for one-shot organization-configuration calls that CloudFormation has no resource type for.
 */
export function acknowledgeSdkCall(call: AwsCustomResource, what: string): void {
  Validations.of(call).acknowledge({
    id: 'NIST.800.53.R5-IAMNoInlinePolicy',
    reason: `AwsCustomResource scopes each call's permissions in a policy of its own on the provider role; this one allows only ${what}`,
  });
  const provider: IConstruct | undefined = Stack.of(call).node.tryFindChild(PROVIDER_ID);
  if (!provider) return;
  Validations.of(provider).acknowledge(
    {
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: 'The AwsCustomResource provider only writes its own logs with this policy; every API permission is in per-call policies',
    },
    {
      id: 'NIST.800.53.R5-LambdaConcurrency',
      reason: 'Invoked by CloudFormation a few times per deployment; reserved concurrency would only take from the account pool',
    },
    {
      id: 'NIST.800.53.R5-LambdaDLQ',
      reason: 'Invoked synchronously by CloudFormation, which records every failure on the stack; a dead-letter queue would stay empty',
    },
    {
      id: 'NIST.800.53.R5-LambdaInsideVPC',
      reason: 'Calls only regional AWS control-plane APIs in the security-log account, which has no VPC of its own',
    },
    {
      id: 'NIST.800.53.R5-CloudWatchLogGroupEncrypted',
      reason: 'The provider logs API names and error messages of organization-configuration calls, no finding or customer data',
    },
  );
}

/**
 * Acknowledges the findings every control-plane custom-resource function shares: Node.js 22 rather than
 * the newest runtime, no reserved concurrency, no dead-letter queue, no VPC. `purpose` names the function
 * in each reason.
 */
export function acknowledgeControlPlaneFunction(fn: IConstruct, purpose: string): void {
  Validations.of(fn).acknowledge(
    { id: 'AwsSolutions-L1', reason: `${purpose}: pinned to Node.js 22, the runtime the landing zone standardizes on and whose bundled AWS SDK v3 it uses` },
    { id: 'NIST.800.53.R5-LambdaConcurrency', reason: `${purpose}: invoked by CloudFormation a few times per deployment; reserved concurrency would only take from the account pool` },
    { id: 'NIST.800.53.R5-LambdaDLQ', reason: `${purpose}: invoked synchronously for CloudFormation, which records every failure on the stack; a dead-letter queue would stay empty` },
    { id: 'NIST.800.53.R5-LambdaInsideVPC', reason: `${purpose}: calls only AWS control-plane APIs; the accounts it runs in need no VPC for it` },
  );
}

/** Acknowledges a log group that holds only custom-resource diagnostics (no customer or finding data). */
export function acknowledgeDiagnosticsLogGroup(logGroup: IConstruct, purpose: string): void {
  Validations.of(logGroup).acknowledge({
    id: 'NIST.800.53.R5-CloudWatchLogGroupEncrypted',
    reason: `${purpose}: the log holds API names, account IDs and error messages of configuration calls, no customer or finding data`,
  });
}
