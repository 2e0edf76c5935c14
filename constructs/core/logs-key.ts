import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key, type IKey } from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { newKeyWithServiceGrantsOnly } from './kms-grants';

/**
 * Lets CloudWatch Logs of the key's own account and region use `key`, and only for log groups whose names
 * match `logGroupNames` (exact names, `prefix*`, or `*` for every log group of the account and region): the
 * service proves which log group it encrypts for through the `aws:logs:arn` encryption context.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
 */
export function allowLogsToEncrypt(key: IKey, logGroupNames: readonly string[] = ['*'], sid?: string): void {
  const stack = Stack.of(key);
  const arns = logGroupNames.map((name) => `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:${name}`);
  // Exact names compare exactly; only patterns need ArnLike.
  const operator = logGroupNames.some((name) => name.includes('*')) ? 'ArnLike' : 'ArnEquals';
  key.addToResourcePolicy(
    new PolicyStatement({
      sid,
      principals: [new ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      resources: ['*'],
      conditions: { [operator]: { 'kms:EncryptionContext:aws:logs:arn': arns } },
    }),
  );
}

/**
 * A customer-managed key for CloudWatch Logs groups: rotation on, retained, usable by the CloudWatch Logs
 * service of this account and region only (encryption context bound to this account's log groups).
 *
 * @see NIST 800-53 R5 AU-9(3), SC-28(1); Security Hub KMS.4
 */
export function logsEncryptionKey(scope: Construct, id: string, description: string): Key {
  const key = newKeyWithServiceGrantsOnly(scope, id, { description, enableKeyRotation: true, removalPolicy: RemovalPolicy.RETAIN });
  allowLogsToEncrypt(key);
  return key;
}

/** The one logs key of a stack, created on first use, shared by every construct that logs diagnostics there. */
export function sharedLogsKey(scope: Construct): Key {
  const stack = Stack.of(scope);
  const id = 'SharedLogsKey';
  return (stack.node.tryFindChild(id) as Key | undefined) ?? logsEncryptionKey(stack, id, `Encrypts the custom-resource logs of ${stack.stackName}`);
}
