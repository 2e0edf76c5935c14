import { GetRoleCommand, GetRolePolicyCommand, ListAccessKeysCommand, PutRolePolicyCommand, UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import { ContainmentInputError, matchesGlob, putRecord, type Deps, type Run } from './context';

/** The inline policy name the IAM console's "Revoke active sessions" uses. @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_revoke-sessions.html */
export const REVOKE_POLICY_NAME = 'AWSRevokeOlderSessions';

/** The name in a role or user ARN of this account (or a bare name); refuses other types and other accounts. */
export function iamName(run: Run, kind: 'role' | 'user'): string {
  const value = run.resourceId;
  if (!value.startsWith('arn:')) {
    if (!/^[\w+=,.@-]{1,64}$/.test(value)) throw new ContainmentInputError(`resourceId: "${value}" is not an IAM ${kind} name or ARN`);
    return value;
  }
  const m = /^arn:aws[a-z-]*:iam::(\d{12}):(role|user)\/(?:[\w+=,.@/-]*\/)?([\w+=,.@-]{1,64})$/.exec(value);
  if (!m || m[2] !== kind) throw new ContainmentInputError(`resourceId: "${value}" is not an IAM ${kind} ARN (arn:aws:iam::<account>:${kind}/NAME)`);
  if (m[1] !== run.account) throw new ContainmentInputError(`resourceId: ${kind} ${m[3]} belongs to account ${m[1]}; this runbook acts only in account ${run.account} (run it there)`);
  return m[3];
}

function statementSid(caseId: string): string {
  return `RevokedForCase${caseId.replace(/[^A-Za-z0-9]/g, '')}`.slice(0, 100);
}

/**
 * Denies everything to sessions of the role issued before now (`aws:TokenIssueTime`), exactly as the console does;
 * new sessions work, so the role keeps serving once whoever held the stolen session is out. Idempotent per case:
 * a second run for the same case leaves the first time in place.
 */
export async function revokeRoleSessions(run: Run, deps: Deps): Promise<void> {
  const roleName = iamName(run, 'role');
  const guarded = deps.protectedRoles.find((g) => matchesGlob(roleName, g));
  if (guarded) throw new ContainmentInputError(`resourceId: role ${roleName} is one of the landing zone's own roles (${guarded}); revoke its sessions by hand with the break-glass role if you must`);
  const role = await deps.iam.send(new GetRoleCommand({ RoleName: roleName })).catch((e) => {
    if (e?.name === 'NoSuchEntityException' || e?.name === 'NoSuchEntity') throw new ContainmentInputError(`resourceId: role ${roleName} does not exist in account ${run.account}`);
    throw e;
  });
  if (role.Role?.Path?.startsWith('/aws-service-role/')) throw new ContainmentInputError(`resourceId: ${roleName} is a service-linked role, whose sessions IAM cannot revoke`);
  const existing = await deps.iam
    .send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: REVOKE_POLICY_NAME }))
    .then((r) => JSON.parse(decodeURIComponent(r.PolicyDocument ?? '{}')))
    .catch((e) => {
      if (e?.name === 'NoSuchEntityException' || e?.name === 'NoSuchEntity') return null;
      throw e;
    });
  const sid = statementSid(run.caseId);
  const statements: any[] = existing ? [].concat(existing.Statement ?? []) : [];
  let after = existing;
  if (!statements.some((s) => s.Sid === sid)) {
    after = {
      Version: '2012-10-17',
      Statement: [{ Sid: sid, Effect: 'Deny', Action: '*', Resource: '*', Condition: { DateLessThan: { 'aws:TokenIssueTime': deps.now().toISOString() } } }],
    };
    await deps.iam.send(new PutRolePolicyCommand({ RoleName: roleName, PolicyName: REVOKE_POLICY_NAME, PolicyDocument: JSON.stringify(after) }));
    run.changes.push(`PutRolePolicy ${roleName} ${REVOKE_POLICY_NAME}`);
  }
  await putRecord(run, deps, { role: { arn: role.Role?.Arn, trust: role.Role?.AssumeRolePolicyDocument }, revokePolicy: existing }, { revokePolicy: after });
}

/** Deactivates (never deletes) every active access key of the user: reversible with `update-access-key --status Active`. */
export async function deactivateAccessKeys(run: Run, deps: Deps): Promise<void> {
  const userName = iamName(run, 'user');
  const list = await deps.iam.send(new ListAccessKeysCommand({ UserName: userName })).catch((e) => {
    if (e?.name === 'NoSuchEntityException' || e?.name === 'NoSuchEntity') throw new ContainmentInputError(`resourceId: user ${userName} does not exist in account ${run.account}`);
    throw e;
  });
  const before = (list.AccessKeyMetadata ?? []).map((k) => ({ accessKeyId: k.AccessKeyId, status: k.Status, created: k.CreateDate }));
  for (const key of before) {
    if (key.status !== 'Active') continue;
    await deps.iam.send(new UpdateAccessKeyCommand({ UserName: userName, AccessKeyId: key.accessKeyId, Status: 'Inactive' }));
    run.changes.push(`UpdateAccessKey ${key.accessKeyId} Inactive`);
  }
  await putRecord(run, deps, { userName, accessKeys: before }, { userName, accessKeys: before.map((k) => ({ ...k, status: 'Inactive' })) });
}
