/**
 * "No public principals": a resource policy statement that allows `*` (anyone) must be narrowed by a
 * condition that pins the caller to a resource, an account, an organization or a VPC endpoint.
 */
import { Stack } from 'aws-cdk-lib';
import type { PolicyDocument } from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';

/** Condition keys that turn a `*` principal into a known caller. */
export const NARROWING_CONDITION_KEYS = [
  'aws:SourceArn',
  'aws:SourceAccount',
  'aws:SourceOwner',
  'aws:PrincipalOrgID',
  'aws:PrincipalAccount',
  'aws:SourceVpce',
  'aws:SourceOrgID',
] as const;

/** Problems with the Allow statements of `document` that grant anyone access. */
export function publicPrincipalProblems(scope: IConstruct, document: PolicyDocument | undefined, what: string): string[] {
  if (!document || document.isEmpty) return [];
  const resolved = Stack.of(scope).resolve(document.toJSON()) as { Statement?: any[] };
  return (resolved.Statement ?? [])
    .filter((s) => s.Effect === 'Allow' && isAnyone(s.Principal) && !isNarrowed(s.Condition))
    .map(
      (s) =>
        `${what}: statement ${JSON.stringify(s.Sid ?? s.Action)} allows principal "*" (allowed: a named principal, or "*" narrowed by one of ${NARROWING_CONDITION_KEYS.join(', ')})`,
    );
}

function isAnyone(principal: unknown): boolean {
  if (principal === '*') return true;
  const aws = (principal as { AWS?: unknown } | undefined)?.AWS;
  return aws === '*' || (Array.isArray(aws) && aws.includes('*'));
}

function isNarrowed(condition: Record<string, Record<string, unknown>> | undefined): boolean {
  if (!condition) return false;
  return Object.values(condition).some((byKey) =>
    Object.keys(byKey).some((key) => (NARROWING_CONDITION_KEYS as readonly string[]).some((k) => k.toLowerCase() === key.toLowerCase())),
  );
}
