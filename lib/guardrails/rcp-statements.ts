/**
 * The data-perimeter resource control policy: who may ever reach the organization's data. Split from
 * `scp-statements.ts` (same inputs, same conventions: every statement has a Sid and the control it implements).
 *
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_examples.html
 */
import type { GuardrailInputs, OrganizationPolicyDefinition } from './scp-statements';
import { document, type GuardrailStatement } from './statement';
import { trustedAccountStatements } from './trusted-accounts';

/** Services the data perimeter covers. STS lists only actions that RCPs support (no GetCallerIdentity). */
export const PERIMETER_ACTIONS: readonly string[] = [
  's3:*',
  'sqs:*',
  'kms:*',
  'secretsmanager:*',
  'sts:AssumeRole',
  'sts:DecodeAuthorizationMessage',
  'sts:GetAccessKeyInfo',
  'sts:GetFederationToken',
  'sts:GetServiceBearerToken',
  'sts:GetSessionToken',
  'sts:SetContext',
];

/**
 * The data-perimeter RCP, after AWS's data-perimeter examples: identities outside the organization cannot
 * reach its S3, SQS, KMS, Secrets Manager and STS resources (including anonymous requests), and AWS services
 * reach them only on behalf of the organization (confused-deputy protection by `aws:SourceOrgID`).
 *
 * @see https://github.com/aws-samples/data-perimeter-policy-examples
 */
export function resourceControlPolicies(inputs: GuardrailInputs): OrganizationPolicyDefinition[] {
  const Action = [...PERIMETER_ACTIONS];
  const vendors = inputs.trustedAccounts;
  // With trusted outside accounts, AssumeRole gets its own organization check that lets them past, and
  // `trustedAccountStatements` then keeps them to their roles and external IDs. Everything else stays org-only.
  const identityCondition = (extraAccounts: readonly string[]) => ({
    // Load balancer access logs are written by AWS-owned accounts (not service principals) in older regions.
    StringNotEqualsIfExists: { 'aws:PrincipalOrgID': inputs.organizationId, 'aws:PrincipalAccount': [...inputs.elbLogDeliveryAccounts, ...extraAccounts] },
    BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' },
  });
  const vendorStatements: GuardrailStatement[] =
    vendors.length === 0
      ? []
      : [
          {
            Sid: 'EnforceOrgIdentitiesAssumeRole',
            Effect: 'Deny',
            Principal: '*',
            Action: ['sts:AssumeRole'],
            Resource: '*',
            Condition: identityCondition(vendors.map((v) => v.accountId)),
            control: 'RCP data-perimeter',
          },
          ...trustedAccountStatements(vendors),
        ];
  const statements: GuardrailStatement[] = [
    {
      Sid: 'EnforceOrgIdentities',
      Effect: 'Deny',
      Principal: '*',
      Action: vendors.length === 0 ? Action : Action.filter((a) => a !== 'sts:AssumeRole'),
      Resource: '*',
      Condition: identityCondition([]),
      control: 'RCP data-perimeter',
    },
    ...vendorStatements,
    {
      Sid: 'EnforceConfusedDeputyProtection',
      Effect: 'Deny',
      Principal: '*',
      Action,
      Resource: '*',
      Condition: {
        StringNotEqualsIfExists: { 'aws:SourceOrgID': inputs.organizationId },
        Null: { 'aws:SourceAccount': 'false' },
        Bool: { 'aws:PrincipalIsAWSService': 'true' },
      },
      control: 'RCP data-perimeter',
    },
  ];
  return [
    {
      name: inputs.policyName('rcp-data-perimeter'),
      description: 'Data perimeter: only this organization\u2019s principals, and AWS services acting for it, reach its data.',
      document: document(statements),
      statements,
    },
  ];
}
