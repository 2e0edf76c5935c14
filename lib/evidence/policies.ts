/**
 * Policy documents as the evidence detectors read them: organization policies (SCPs, RCPs,
 * declarative policies) and IAM policy documents, with IAM's action wildcards evaluated.
 */
import type { PolicyStatement } from '../template';
import { asList, templateBodyText, type IndexedResource } from './resources';

/** A statement with the resource that holds it. */
export interface LocatedStatement {
  readonly resource: IndexedResource;
  readonly statement: PolicyStatement;
}

/** Parses a policy document given as an object or a JSON string; undefined if neither. */
export function parseDocument(doc: unknown): { Statement?: unknown } | undefined {
  const isObject = doc && typeof doc === 'object';
  if (isObject && !('Fn::Join' in doc) && !('Fn::Sub' in doc)) return doc as { Statement?: unknown };
  const text = templateBodyText(doc);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as { Statement?: unknown };
  } catch {
    return undefined;
  }
}

export function statementsOf(doc: unknown): PolicyStatement[] {
  return asList<PolicyStatement>(parseDocument(doc)?.Statement).filter((s) => s && typeof s === 'object');
}

/** Statements of every organization policy of `type` (e.g. SERVICE_CONTROL_POLICY). */
export function organizationPolicyStatements(resources: readonly IndexedResource[], type: string): LocatedStatement[] {
  return resources
    .filter((r) => r.type === 'AWS::Organizations::Policy' && r.properties.Type === type)
    .flatMap((r) => statementsOf(r.properties.Content).map((statement) => ({ resource: r, statement })));
}

/** IAM action matching: `*` and `?` wildcards, case-insensitive, as IAM evaluates them. */
export function actionMatches(pattern: string, action: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return re.test(action);
}

/** True when a Deny statement covers `action` (via Action, or via NotAction not listing it). */
export function denies(statement: PolicyStatement, action: string): boolean {
  if (statement.Effect !== 'Deny') return false;
  if (statement.Action !== undefined) return asList<string>(statement.Action).some((p) => typeof p === 'string' && actionMatches(p, action));
  if (statement.NotAction !== undefined) return !asList<string>(statement.NotAction).some((p) => typeof p === 'string' && actionMatches(p, action));
  return false;
}

/** Condition keys a statement tests, lower-cased (condition keys are case-insensitive). */
export function conditionKeys(statement: PolicyStatement): string[] {
  return Object.values(statement.Condition ?? {}).flatMap((block) => Object.keys(block ?? {}).map((k) => k.toLowerCase()));
}

/** Every value a statement's conditions compare against, as strings. */
export function conditionValues(statement: PolicyStatement, key: string): string[] {
  return Object.values(statement.Condition ?? {}).flatMap((block) =>
    Object.entries(block ?? {})
      .filter(([k]) => k.toLowerCase() === key.toLowerCase())
      .flatMap(([, v]) => asList<unknown>(v).map(String)),
  );
}

/** IAM policy documents declared by a resource (inline policies, managed policies, permission sets). */
export function iamDocuments(r: IndexedResource): unknown[] {
  const p = r.properties;
  switch (r.type) {
    case 'AWS::IAM::Policy':
    case 'AWS::IAM::ManagedPolicy':
    case 'AWS::IAM::RolePolicy':
    case 'AWS::IAM::UserPolicy':
    case 'AWS::IAM::GroupPolicy':
      return [p.PolicyDocument];
    case 'AWS::IAM::Role':
    case 'AWS::IAM::User':
    case 'AWS::IAM::Group':
      return asList<any>(p.Policies).map((x) => x?.PolicyDocument);
    case 'AWS::SSO::PermissionSet':
      return p.InlinePolicy ? [p.InlinePolicy] : [];
    default:
      return [];
  }
}

/** Managed policy ARNs attached by a resource, as text (ARNs are often `Fn::Join`s). */
export function managedPolicyText(r: IndexedResource): string {
  const p = r.properties;
  return JSON.stringify([p.ManagedPolicyArns ?? [], p.ManagedPolicies ?? []]);
}
