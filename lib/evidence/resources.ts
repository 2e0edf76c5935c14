/**
 * A flat, searchable view of every resource the landing zone declares: the synthesized templates'
 * resources plus the resources inside service-managed StackSets (`AWS::CloudFormation::StackSet`
 * `TemplateBody`), which deploy to member accounts and count for compliance and cost alike.
 * Pure functions over parsed templates; no file access.
 */
import { parse as parseYaml } from 'yaml';
import type { CfnTemplate } from '../template';

/** Where a resource is declared: `stack/logicalId`, or `stack/StackSetId/logicalId` inside a StackSet. */
export interface ResourceRef {
  /** Stack name (construct path of the stack). */
  readonly stack: string;
  /** Logical ID; for a StackSet resource `StackSetLogicalId/ResourceLogicalId`. */
  readonly logicalId: string;
}

export interface IndexedResource extends ResourceRef {
  readonly type: string;
  readonly properties: Record<string, any>;
  /** Logical ID of the StackSet whose template holds this resource, if any. */
  readonly stackSet?: string;
  /** Account ID of the stack (for StackSet resources: of the stack declaring the StackSet). */
  readonly account?: string;
  readonly region?: string;
  /** The resource's whole template entry (DeletionPolicy etc.). */
  readonly raw: Record<string, any>;
}

/** A stack as the evidence functions need it (a subset of the plugin's SynthesizedStack). */
export interface StackTemplate {
  readonly stackPath: string;
  readonly template: CfnTemplate;
  readonly account?: string;
  readonly region?: string;
}

/**
 * Parses a StackSet `TemplateBody`: a JSON/YAML string, or an `Fn::Join`/`Fn::Sub` of literal parts
 * (tokens are replaced by a placeholder so the structure still parses). Undefined when unreadable.
 */
export function parseTemplateBody(body: unknown): CfnTemplate | undefined {
  const text = templateBodyText(body);
  if (text === undefined) return undefined;
  try {
    const parsed = parseYaml(text) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as CfnTemplate) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Text of a value that is a string or an `Fn::Join`/`Fn::Sub` building one (how CDK renders JSON that
 * embeds tokens); each token becomes the literal TOKEN, which keeps JSON valid when it sits in a string.
 */
export function templateBodyText(body: unknown): string | undefined {
  if (typeof body === 'string') return body;
  if (body && typeof body === 'object') {
    const join = (body as any)['Fn::Join'];
    if (Array.isArray(join) && Array.isArray(join[1])) {
      return join[1].map((p: unknown) => (typeof p === 'string' ? p : 'TOKEN')).join(join[0] ?? '');
    }
    const sub = (body as any)['Fn::Sub'];
    if (typeof sub === 'string') return sub;
    if (Array.isArray(sub) && typeof sub[0] === 'string') return sub[0];
  }
  return undefined;
}

/** Every resource of every stack, StackSet contents included. */
export function indexResources(stacks: readonly StackTemplate[]): IndexedResource[] {
  // Stack order varies with how templates were read (synth order vs directory order): sort so reports are stable.
  const ordered = [...stacks].sort((a, b) => a.stackPath.localeCompare(b.stackPath));
  return ordered.flatMap((s) =>
    Object.entries(s.template.Resources ?? {}).flatMap(([logicalId, r]) => {
      const own: IndexedResource = {
        stack: s.stackPath,
        logicalId,
        type: r.Type,
        properties: r.Properties ?? {},
        account: s.account,
        region: s.region,
        raw: r,
      };
      if (r.Type !== 'AWS::CloudFormation::StackSet') return [own];
      const inner = parseTemplateBody(r.Properties?.TemplateBody);
      const nested = Object.entries(inner?.Resources ?? {}).map(([innerId, ir]) => ({
        stack: s.stackPath,
        logicalId: `${logicalId}/${innerId}`,
        type: ir.Type,
        properties: ir.Properties ?? {},
        stackSet: logicalId,
        account: s.account,
        region: s.region,
        raw: ir,
      }));
      return [own, ...nested];
    }),
  );
}

/** Same-template test: `a` refers to `b` when they share a stack and StackSet. */
export function sameScope(a: IndexedResource, b: IndexedResource): boolean {
  return a.stack === b.stack && a.stackSet === b.stackSet;
}

/** The logical ID a resource has inside its own template (without the StackSet prefix). */
export function localId(r: IndexedResource): string {
  return r.stackSet ? r.logicalId.slice(r.stackSet.length + 1) : r.logicalId;
}

/** Values are compared as text where templates may spell them either way (`true` / `"true"`). */
export function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

/** A value as a list (CloudFormation accepts a single item where a list is expected). */
export function asList<T = unknown>(value: unknown): T[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]) as T[];
}
