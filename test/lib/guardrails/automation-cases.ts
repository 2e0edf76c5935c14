/**
 * Requests against the landing zone's member-account automation (lib/guardrails/automation-statements.ts):
 * a member account's administrator rewriting or deleting it (denied), and the work that must go on (allowed):
 * the StackSet execution role deploying it, the containment handler and automation role doing their job, a
 * team's own roles, functions, documents and vaults. Evaluated by scp-statements.test.ts with the other
 * guardrail cases, whose coverage test wants a denying attack for every Sid.
 *
 * Each request is built as the API reference page cited beside it defines it: the action, and the resource
 * ARN in the format of the Service Authorization Reference (IAM role `arn:aws:iam::<account>:role/<name>`;
 * Lambda function `arn:aws:lambda:<region>:<account>:function:<name>`; SSM document
 * `arn:aws:ssm:<region>:<account>:document/<name>`; Backup vault `arn:aws:backup:<region>:<account>:backup-vault:<name>`;
 * Resource Explorer index `arn:aws:resource-explorer-2:<region>:<account>:index/<uuid>`).
 * IAM is served from us-east-1, so IAM requests carry that region (the region guardrail exempts IAM).
 */
import type { LandingZoneConfig } from '../../../lib/config/schema';
import { incidentResponseNames, organizationBackupNames } from '../../../lib/names';
import type { Case } from './org-policy-harness';

export function automationCases(config: LandingZoneConfig): { attacks: Case[]; work: Case[] } {
  const PROD = '333333333333';
  const DEV = '444444444444';
  const ir = incidentResponseNames(config);
  const backup = organizationBackupNames(config);
  const SECLOG = ir.account;
  const role = (account: string, name: string) => `arn:aws:iam::${account}:role/${name}`;
  const admin = (account: string) => role(account, 'AWSReservedSSO_Administrator_0123456789abcdef');
  const stackSetExec = (account: string) => role(account, 'stacksets-exec-0123456789abcdef0123456789abcdef');
  const cfnExec = role(SECLOG, `cdk-${config.organization.cdkBootstrapQualifier}-cfn-exec-role-${SECLOG}-eu-west-1`);
  // ir.containmentRoleName carries the region as a token (StackSet instances resolve it); here it is eu-west-1.
  const handlerRole = role(PROD, `${config.organization.name}-ir-containment-eu-west-1`);
  const automationRole = role(PROD, ir.automationRoleName);
  const fn = (name: string, account = PROD) => `arn:aws:lambda:eu-west-1:${account}:function:${name}`;
  const handler = fn(ir.containmentFunctionName);
  const doc = (name: string) => `arn:aws:ssm:eu-west-1:${PROD}:document/${name}`;
  const runbook = doc(`${ir.runbookPrefix}IsolateEc2Instance`);
  const vault = (name: string) => `arn:aws:backup:eu-west-1:${DEV}:backup-vault:${name}`;
  const orgVault = vault(backup.vaultName);
  const index = `arn:aws:resource-explorer-2:eu-west-1:${PROD}:index/1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d`;
  const iam = { region: 'us-east-1' } as const;

  const IAM = 'https://docs.aws.amazon.com/IAM/latest/APIReference';
  const LAMBDA = 'https://docs.aws.amazon.com/lambda/latest/api';
  const SSM = 'https://docs.aws.amazon.com/systems-manager/latest/APIReference';
  const BACKUP = 'https://docs.aws.amazon.com/aws-backup/latest/devguide';
  const REX = 'https://docs.aws.amazon.com/resource-explorer/latest/apireference';
  const denied = 'ExplicitlyDenied' as const;
  const allowed = 'Allowed' as const;

  const attacks: Case[] = [
    // ProtectAutomationRoles
    { what: 'trust oneself in the containment automation role', action: 'iam:UpdateAssumeRolePolicy', resource: automationRole, ...iam, expected: denied, source: `${IAM}/API_UpdateAssumeRolePolicy.html` },
    { what: 'strip the containment handler role with an inline deny', action: 'iam:PutRolePolicy', resource: handlerRole, ...iam, expected: denied, source: `${IAM}/API_PutRolePolicy.html` },
    { what: 'delete the organization backup role', action: 'iam:DeleteRole', resource: role(DEV, backup.roleName), principal: admin(DEV), ...iam, expected: denied, source: `${IAM}/API_DeleteRole.html` },
    { what: 'give the incident responder role more power in the security-log account', action: 'iam:AttachRolePolicy', resource: ir.responderRoleArn, principal: admin(SECLOG), ...iam, expected: denied, source: `${IAM}/API_AttachRolePolicy.html` },
    { what: 'rewrite the SSM administration role the member automation roles trust', action: 'iam:UpdateAssumeRolePolicy', resource: ir.automationAdministrationRoleArn, principal: admin(SECLOG), ...iam, expected: denied, source: `${IAM}/API_UpdateAssumeRolePolicy.html` },
    // ProtectContainmentFunction
    { what: 'plant code in the containment handler', action: 'lambda:UpdateFunctionCode', resource: handler, expected: denied, source: `${LAMBDA}/API_UpdateFunctionCode.html` },
    { what: 'point the containment handler at another evidence bucket', action: 'lambda:UpdateFunctionConfiguration', resource: handler, expected: denied, source: `${LAMBDA}/API_UpdateFunctionConfiguration.html` },
    { what: 'switch containment off with reserved concurrency 0', action: 'lambda:PutFunctionConcurrency', resource: handler, expected: denied, source: `${LAMBDA}/API_PutFunctionConcurrency.html` },
    { what: 'delete the containment handler', action: 'lambda:DeleteFunction', resource: handler, expected: denied, source: `${LAMBDA}/API_DeleteFunction.html` },
    { what: 'let another account invoke the containment handler', action: 'lambda:AddPermission', resource: handler, expected: denied, source: `${LAMBDA}/API_AddPermission.html` },
    // ProtectContainmentRunbooks
    { what: 'plant a step in a containment runbook', action: 'ssm:UpdateDocument', resource: runbook, expected: denied, source: `${SSM}/API_UpdateDocument.html` },
    { what: 'roll a containment runbook back to a planted version', action: 'ssm:UpdateDocumentDefaultVersion', resource: runbook, expected: denied, source: `${SSM}/API_UpdateDocumentDefaultVersion.html` },
    { what: 'delete a containment runbook', action: 'ssm:DeleteDocument', resource: runbook, expected: denied, source: `${SSM}/API_DeleteDocument.html` },
    { what: 'share a containment runbook publicly', action: 'ssm:ModifyDocumentPermission', resource: runbook, expected: denied, source: `${SSM}/API_ModifyDocumentPermission.html` },
    // ProtectOrganizationBackupVault (Dev: the Prod set also denies vault deletion there)
    { what: 'delete the organization backup vault', action: 'backup:DeleteBackupVault', resource: orgVault, principal: admin(DEV), expected: denied, source: `${BACKUP}/API_DeleteBackupVault.html` },
    { what: 'replace the organization backup vault\u2019s access policy', action: 'backup:PutBackupVaultAccessPolicy', resource: orgVault, principal: admin(DEV), expected: denied, source: `${BACKUP}/API_PutBackupVaultAccessPolicy.html` },
    { what: 'delete the organization backup vault\u2019s access policy', action: 'backup:DeleteBackupVaultAccessPolicy', resource: orgVault, principal: admin(DEV), expected: denied, source: `${BACKUP}/API_DeleteBackupVaultAccessPolicy.html` },
    { what: 'remove the organization backup vault\u2019s lock', action: 'backup:DeleteBackupVaultLockConfiguration', resource: orgVault, principal: admin(DEV), expected: denied, source: `${BACKUP}/API_DeleteBackupVaultLockConfiguration.html` },
    { what: 'redirect the organization backup vault\u2019s notifications', action: 'backup:PutBackupVaultNotifications', resource: orgVault, principal: admin(DEV), expected: denied, source: `${BACKUP}/API_PutBackupVaultNotifications.html` },
    // ProtectResourceExplorerIndex
    { what: 'delete the account\u2019s Resource Explorer index', action: 'resource-explorer-2:DeleteIndex', resource: index, expected: denied, source: `${REX}/API_DeleteIndex.html` },
    { what: 'change the Resource Explorer index type', action: 'resource-explorer-2:UpdateIndexType', resource: index, expected: denied, source: `${REX}/API_UpdateIndexType.html` },
  ];

  const work: Case[] = [
    // The StackSet execution role deploys and updates all of it (CloudFormation calls these APIs as it).
    { what: 'the StackSet execution role updating the containment automation role\u2019s trust', action: 'iam:UpdateAssumeRolePolicy', resource: automationRole, principal: stackSetExec(PROD), ...iam, expected: allowed, source: `${IAM}/API_UpdateAssumeRolePolicy.html` },
    { what: 'the StackSet execution role updating the containment handler\u2019s code', action: 'lambda:UpdateFunctionCode', resource: handler, principal: stackSetExec(PROD), expected: allowed, source: `${LAMBDA}/API_UpdateFunctionCode.html` },
    { what: 'the StackSet execution role updating a containment runbook', action: 'ssm:UpdateDocument', resource: runbook, principal: stackSetExec(PROD), expected: allowed, source: `${SSM}/API_UpdateDocument.html` },
    { what: 'the StackSet execution role setting the backup vault\u2019s access policy', action: 'backup:PutBackupVaultAccessPolicy', resource: orgVault, principal: stackSetExec(DEV), expected: allowed, source: `${BACKUP}/API_PutBackupVaultAccessPolicy.html` },
    { what: 'the StackSet execution role deleting the index with its stack instance', action: 'resource-explorer-2:DeleteIndex', resource: index, principal: stackSetExec(PROD), expected: allowed, source: `${REX}/API_DeleteIndex.html` },
    { what: 'the CDK execution role promoting the security-log account\u2019s aggregator index', action: 'resource-explorer-2:UpdateIndexType', resource: `arn:aws:resource-explorer-2:eu-west-1:${SECLOG}:index/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d`, principal: cfnExec, expected: allowed, source: `${REX}/API_UpdateIndexType.html` },
    // The automation at work: it acts on the account's other roles and functions, never on its own.
    { what: 'the containment handler revoking a team role\u2019s sessions', action: 'iam:PutRolePolicy', resource: role(PROD, 'orders-service'), principal: handlerRole, ...iam, expected: allowed, source: `${IAM}/API_PutRolePolicy.html` },
    { what: 'the containment handler quarantining a team function', action: 'lambda:PutFunctionConcurrency', resource: fn('orders-api'), principal: handlerRole, expected: allowed, source: `${LAMBDA}/API_PutFunctionConcurrency.html` },
    { what: 'the automation role invoking the containment handler from a runbook', action: 'lambda:InvokeFunction', resource: handler, principal: automationRole, expected: allowed, source: `${LAMBDA}/API_Invoke.html` },
    {
      what: 'the automation role passing itself to SSM for a runbook step',
      action: 'iam:PassRole',
      resource: automationRole,
      principal: automationRole,
      context: { 'iam:PassedToService': 'ssm.amazonaws.com' },
      expected: allowed,
      source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html',
    },
    // A team's own resources stay its own, names that merely start like the landing zone's included.
    { what: 'a team changing its own role\u2019s policy', action: 'iam:PutRolePolicy', resource: role(PROD, 'orders-service'), ...iam, expected: allowed, source: `${IAM}/API_PutRolePolicy.html` },
    { what: 'a team deploying its own function', action: 'lambda:UpdateFunctionCode', resource: fn('orders-api'), expected: allowed, source: `${LAMBDA}/API_UpdateFunctionCode.html` },
    { what: 'a team deploying a function whose name starts like the handler\u2019s', action: 'lambda:UpdateFunctionCode', resource: fn(`${ir.containmentFunctionName}-orders`), expected: allowed, source: `${LAMBDA}/API_UpdateFunctionCode.html` },
    { what: 'a team deleting its own automation document', action: 'ssm:DeleteDocument', resource: doc('orders-restart'), expected: allowed, source: `${SSM}/API_DeleteDocument.html` },
    { what: 'a team deleting its own backup vault', action: 'backup:DeleteBackupVault', resource: vault('orders-vault'), principal: admin(DEV), expected: allowed, source: `${BACKUP}/API_DeleteBackupVault.html` },
  ];
  return { attacks, work };
}
