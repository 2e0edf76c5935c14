/**
 * Incident containment handler (issue 15), invoked by the `<org>-IR-<Action>` SSM Automation runbooks. One event
 * names an action, the resource, the case, the finding and who collected; the handler validates all of it before
 * any call, acts only in its own account and region, records before/after evidence in the security-log
 * account's evidence bucket, and is idempotent: a second run for the same case changes nothing more.
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient } from '@aws-sdk/client-iam';
import { runtimeServiceCalls } from './aws';
import { ContainmentInputError, type ContainmentResult, type Deps, type Run } from './context';
import { isolateEc2Instance } from './ec2';
import { deactivateAccessKeys, revokeRoleSessions } from './identity';
import { blockS3PublicAccess, quarantineLambda } from './resources';

export { ContainmentInputError } from './context';
export type { ContainmentResult, Deps } from './context';

/** The actions, as the runbooks name them (lib/config/schema.ts CONTAINMENT_ACTIONS). */
export const ACTIONS = ['IsolateEc2Instance', 'RevokeRoleSessions', 'DeactivateAccessKeys', 'QuarantineLambda', 'BlockS3PublicAccess'] as const;

/** Where the handler runs: its own function ARN gives account, region and name. */
export interface Where {
  readonly account: string;
  readonly region: string;
  readonly functionName: string;
}

const CASE_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const FINDING_ID = /^[A-Za-z0-9._:/-]{1,256}$/;

/** Checks the event's shape; throws {@link ContainmentInputError} naming the field, the value and what is allowed. */
export function validate(event: unknown, where: Where): Run {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) throw new ContainmentInputError(`event: ${JSON.stringify(event)} is not an object with action, resourceId, caseId and collector`);
  const e = event as Record<string, unknown>;
  const problems: string[] = [];
  const str = (field: string) => (typeof e[field] === 'string' ? (e[field] as string) : undefined);
  const action = str('action');
  if (!action || !(ACTIONS as readonly string[]).includes(action)) problems.push(`action: ${JSON.stringify(e.action)} is not one of ${ACTIONS.join(', ')}`);
  const resourceId = str('resourceId');
  if (!resourceId || resourceId.length > 1024) problems.push(`resourceId: ${JSON.stringify(e.resourceId)} is missing or not a string of at most 1024 characters`);
  const caseId = str('caseId');
  if (!caseId || !CASE_ID.test(caseId)) problems.push(`caseId: ${JSON.stringify(e.caseId)} is not 1-128 letters, digits or ._:-`);
  const findingId = str('findingId') ?? 'none';
  if (!FINDING_ID.test(findingId)) problems.push(`findingId: ${JSON.stringify(e.findingId)} is not 1-256 letters, digits or ._:/-`);
  const collector = str('collector');
  if (!collector || collector.length > 256) problems.push(`collector: ${JSON.stringify(e.collector)} is missing (who or what collected the evidence)`);
  if (problems.length) throw new ContainmentInputError(problems.join('; '));
  return { action: action!, resourceId: resourceId!, caseId: caseId!, findingId, collector: collector!, account: where.account, region: where.region, changes: [], failures: [], evidence: [] };
}

/** Runs one containment action; input errors are thrown before any call, step failures are returned. */
export async function contain(event: unknown, where: Where, deps: Deps): Promise<ContainmentResult> {
  const run = validate(event, where);
  switch (run.action) {
    case 'IsolateEc2Instance':
      await isolateEc2Instance(run, deps);
      break;
    case 'RevokeRoleSessions':
      await revokeRoleSessions(run, deps);
      break;
    case 'DeactivateAccessKeys':
      await deactivateAccessKeys(run, deps);
      break;
    case 'QuarantineLambda':
      await quarantineLambda(run, deps, where.functionName);
      break;
    case 'BlockS3PublicAccess':
      await blockS3PublicAccess(run, deps);
      break;
  }
  return {
    action: run.action,
    resourceId: run.resourceId,
    caseId: run.caseId,
    status: run.failures.length ? 'partial' : 'contained',
    changes: run.changes,
    failures: run.failures,
    evidence: run.evidence,
  };
}

let deps: Deps | undefined;

function runtimeDeps(): Deps {
  const env = (name: string) => {
    const value = process.env[name];
    if (!value) throw new Error(`environment variable ${name} is not set (the stack sets it)`);
    return value;
  };
  return {
    ec2: new EC2Client({ maxAttempts: 5 }),
    iam: new IAMClient({ maxAttempts: 5 }),
    calls: runtimeServiceCalls(),
    evidenceBucket: env('EVIDENCE_BUCKET'),
    evidenceKeyArn: env('EVIDENCE_KEY_ARN'),
    evidenceRegion: env('EVIDENCE_REGION'),
    protectedRoles: (process.env.PROTECTED_ROLE_PATTERNS ?? '').split(',').filter(Boolean),
    now: () => new Date(),
    download: async (url) => {
      const res = await fetch(url);
      if (!res.ok) throw new Error(`code download answered ${res.status}`);
      return new Uint8Array(await res.arrayBuffer());
    },
  };
}

export async function handler(event: unknown, context: { invokedFunctionArn: string }): Promise<ContainmentResult> {
  const [, , , region, account, , functionName] = context.invokedFunctionArn.split(':');
  deps ??= runtimeDeps();
  return contain(event, { account, region, functionName }, deps);
}
