/**
 * A role whose grants land in one customer-managed policy instead of an inline `DefaultPolicy`: the NIST,
 * HIPAA and PCI packs reject inline policies (IAMNoInlinePolicy), and a product team should be able to write
 * `bucket.grantRead(service)` without knowing that. Not exported from the package: the constructs that run
 * code (containers, functions) hand it out as their `taskRole` / `role`.
 */
import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { acknowledgeNoFix } from './opt-out';

/** The network-interface calls Lambda makes with a VPC function's role (what AWSLambdaVPCAccessExecutionRole grants). */
export const ENI_ACTIONS = [
  'ec2:CreateNetworkInterface',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeSubnets',
  'ec2:DeleteNetworkInterface',
  'ec2:AssignPrivateIpAddresses',
  'ec2:UnassignPrivateIpAddresses',
] as const;

/** Actions that support no resource-level permission, and why a statement granting them on `*` is safe. */
const RESOURCE_STAR_ONLY: readonly { readonly actions: readonly string[]; readonly reason: string }[] = [
  {
    actions: ['ecr:GetAuthorizationToken'],
    reason:
      'ecr:GetAuthorizationToken supports no resource-level permission (the registry token is per account); image pulls themselves are granted on the named repository only.',
  },
  {
    actions: ['ssmmessages:CreateControlChannel', 'ssmmessages:CreateDataChannel', 'ssmmessages:OpenControlChannel', 'ssmmessages:OpenDataChannel'],
    reason:
      'ECS Exec (opted in with a recorded reason) opens Session Manager channels, whose ssmmessages actions support no resource-level permission; sessions are encrypted with the service key and logged.',
  },
  {
    actions: ENI_ACTIONS,
    reason:
      'Lambda creates and deletes the network interfaces of a VPC function with its role: the interfaces do not exist (no ARN) before the call and the Describe calls support no resource-level permission.',
  },
  {
    actions: ['logs:DescribeLogGroups'],
    reason: 'ECS Exec checks its session log group with logs:DescribeLogGroups, a list call without resource-level permission; writes are granted on the one log group.',
  },
];

/**
 * The action wildcards aws-cdk-lib's own grants write (a KMS key behind an encrypted queue, topic or secret),
 * spelled out as the actions they match in the Service Authorization Reference: the same permission, with
 * nothing left for a future action of the same prefix to slip into.
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_awskeymanagementservice.html
 */
export const EXPANDED_WILDCARDS: Readonly<Record<string, readonly string[]>> = {
  'kms:GenerateDataKey*': ['kms:GenerateDataKey', 'kms:GenerateDataKeyPair', 'kms:GenerateDataKeyPairWithoutPlaintext', 'kms:GenerateDataKeyWithoutPlaintext'],
  'kms:ReEncrypt*': ['kms:ReEncryptFrom', 'kms:ReEncryptTo'],
};

export class ManagedPolicyRole extends iam.Role {
  private policy?: iam.ManagedPolicy;
  private readonly granted: iam.PolicyStatement[] = [];

  constructor(scope: Construct, id: string, props: iam.RoleProps) {
    super(scope, id, props);
    // The acknowledgment above covers the whole policy, so no other statement may grant on `*` behind it.
    this.node.addValidation({
      validate: () =>
        this.granted
          .filter((s) => isResourceStar(this, s) && !RESOURCE_STAR_ONLY.some((k) => isResourceStarFor(this, s, k.actions)))
          .map((s) => `${this.node.path}: a grant of ${JSON.stringify(s.actions)} on "*" is not allowed (allowed: grants on named resources; actions without resource-level permissions: ${RESOURCE_STAR_ONLY.flatMap((k) => k.actions).join(', ')})`),
    });
  }

  /** Adds `statement` to this role's customer-managed policy (created on the first grant), never inline. */
  public override addToPrincipalPolicy(statement: iam.PolicyStatement): iam.AddToPrincipalPolicyResult {
    if (!this.policy) this.policy = new iam.ManagedPolicy(this, 'Policy', { roles: [this] });
    const expanded = expandWildcards(statement);
    this.policy.addStatements(expanded);
    this.granted.push(expanded);
    const known = RESOURCE_STAR_ONLY.find((k) => isResourceStarFor(this, expanded, k.actions));
    if (known) acknowledgeNoFix(this.policy.node.defaultChild as iam.CfnManagedPolicy, ['AwsSolutions-IAM5[Resource::*]'], known.reason);
    return { statementAdded: true, policyDependable: this.policy };
  }

  /** The customer-managed policy holding every grant; undefined until the first one. */
  public get managedPolicy(): iam.ManagedPolicy | undefined {
    return this.policy;
  }
}

/** `statement` with the action wildcards of {@link EXPANDED_WILDCARDS} spelled out (unchanged when it has none). */
function expandWildcards(statement: iam.PolicyStatement): iam.PolicyStatement {
  if (!statement.actions.some((a) => a in EXPANDED_WILDCARDS)) return statement;
  const actions = [...new Set(statement.actions.flatMap((a) => EXPANDED_WILDCARDS[a] ?? [a]))];
  return statement.copy({ actions });
}

function isResourceStar(scope: Construct, statement: iam.PolicyStatement): boolean {
  const json = Stack.of(scope).resolve(statement.toStatementJson()) as { Effect: string; Resource?: string | string[] };
  return json.Effect === 'Allow' && ([] as string[]).concat(json.Resource ?? []).includes('*');
}

/** True when `statement` allows exactly `actions` (all of them resource-star-only) on `*`. */
function isResourceStarFor(scope: Construct, statement: iam.PolicyStatement, actions: readonly string[]): boolean {
  const json = Stack.of(scope).resolve(statement.toStatementJson()) as { Effect: string; Action?: string | string[]; Resource?: string | string[] };
  const granted = ([] as string[]).concat(json.Action ?? []);
  const resources = ([] as string[]).concat(json.Resource ?? []);
  return json.Effect === 'Allow' && resources.length === 1 && resources[0] === '*' && granted.length > 0 && granted.every((a) => actions.includes(a));
}
