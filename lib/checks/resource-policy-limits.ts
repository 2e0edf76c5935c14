/**
 * `LZ-ResourcePolicyLimits`: every resource policy (and the few other documents with a size quota) against
 * the quota of the service that stores it, checked at synth. A bucket policy that lists every account of a
 * growing organization passes CloudFormation's validation and fails only when S3 refuses it mid-deploy.
 *
 * Values that CloudFormation resolves at deploy (`Ref`, `Fn::GetAtt`, `Fn::Sub`...) are counted as they will
 * read where the template names the resource literally (a bucket's `BucketName`, a role's `RoleName`), and
 * otherwise at the longest length they can realistically take (an ARN, an account ID, a region name), so the
 * figure is an upper estimate and never under-counts a literal.
 */
import type { SynthesizedStack } from '../template';
import type { Finding, TemplateRule } from './plugin';

/** How a service measures a document against its quota. */
type Measure = 'bytes' | 'characters' | 'non-whitespace';

/** A size quota on one property of one resource type. */
export interface DocumentQuota {
  readonly type: string;
  /** Property path under `Properties`. */
  readonly property: readonly string[];
  readonly what: string;
  readonly limit: number;
  readonly measure: Measure;
  /** The page that states the quota. */
  readonly source: string;
}

/** A role's inline policies together (the role's own `Policies` and every `AWS::IAM::Policy`/`RolePolicy` on it). */
const ROLE_INLINE_LIMIT = 10_240;
const ROLE_INLINE_SOURCE =
  'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html (role policy size: the inline policies of a role together at most 10,240 characters, white space not counted)';

export const DOCUMENT_QUOTAS: readonly DocumentQuota[] = [
  {
    type: 'AWS::S3::BucketPolicy', property: ['PolicyDocument'], what: 'bucket policy', limit: 20_480, measure: 'bytes',
    source: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-iam-policies.html (bucket policies are limited to 20 KB)',
  },
  {
    type: 'AWS::KMS::Key', property: ['KeyPolicy'], what: 'key policy', limit: 32_768, measure: 'bytes',
    source: 'https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html (up to 32,768 bytes)',
  },
  {
    type: 'AWS::SNS::TopicPolicy', property: ['PolicyDocument'], what: 'topic policy', limit: 30_720, measure: 'bytes',
    source: 'https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-language-api-permissions-reference.html (30 KB)',
  },
  {
    type: 'AWS::SNS::TopicInlinePolicy', property: ['PolicyDocument'], what: 'topic policy', limit: 30_720, measure: 'bytes',
    source: 'https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-language-api-permissions-reference.html (30 KB)',
  },
  {
    type: 'AWS::SQS::QueuePolicy', property: ['PolicyDocument'], what: 'queue policy', limit: 8_192, measure: 'bytes',
    source: 'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-policies.html (8,192 bytes)',
  },
  {
    type: 'AWS::SQS::QueueInlinePolicy', property: ['PolicyDocument'], what: 'queue policy', limit: 8_192, measure: 'bytes',
    source: 'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-policies.html (8,192 bytes)',
  },
  {
    type: 'AWS::Logs::ResourcePolicy', property: ['PolicyDocument'], what: 'CloudWatch Logs resource policy', limit: 5_120, measure: 'characters',
    source: 'https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutResourcePolicy.html (policyDocument at most 5,120 characters)',
  },
  {
    type: 'AWS::SecretsManager::ResourcePolicy', property: ['ResourcePolicy'], what: 'secret resource policy', limit: 20_480, measure: 'characters',
    source: 'https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_PutResourcePolicy.html (ResourcePolicy at most 20,480 characters)',
  },
  {
    type: 'AWS::IAM::Policy', property: ['PolicyDocument'], what: 'inline policy', limit: ROLE_INLINE_LIMIT, measure: 'non-whitespace',
    source: ROLE_INLINE_SOURCE,
  },
  {
    type: 'AWS::IAM::RolePolicy', property: ['PolicyDocument'], what: 'inline policy', limit: ROLE_INLINE_LIMIT, measure: 'non-whitespace',
    source: ROLE_INLINE_SOURCE,
  },
  {
    type: 'AWS::IAM::ManagedPolicy', property: ['PolicyDocument'], what: 'managed policy', limit: 6_144, measure: 'non-whitespace',
    source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html (managed policy 6,144 characters, white space not counted)',
  },
  {
    type: 'AWS::IAM::Role', property: ['AssumeRolePolicyDocument'], what: 'role trust policy', limit: 2_048, measure: 'non-whitespace',
    source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html (role trust policy 2,048 characters by default)',
  },
  {
    type: 'AWS::Events::Rule', property: ['EventPattern'], what: 'event pattern', limit: 2_048, measure: 'characters',
    source: 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html (event pattern size 2,048 characters)',
  },
  {
    type: 'AWS::Events::EventBusPolicy', property: ['Statement'], what: 'event bus policy', limit: 10_240, measure: 'characters',
    source: 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html (event bus policy size 10,240 characters)',
  },
  {
    type: 'AWS::Lambda::Function', property: ['Environment', 'Variables'], what: 'environment variables', limit: 4_096, measure: 'bytes',
    source: 'https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html (environment variables 4 KB in all)',
  },
];

/** Longest realistic value of a pseudo parameter. */
const PSEUDO: Record<string, string> = {
  'AWS::AccountId': '123456789012',
  'AWS::Region': 'ap-southeast-5x',
  'AWS::Partition': 'aws-us-gov',
  'AWS::URLSuffix': 'amazonaws.com.cn',
  'AWS::StackName': 'x'.repeat(128),
  'AWS::StackId': `arn:aws-us-gov:cloudformation:ap-southeast-5x:123456789012:stack/${'x'.repeat(128)}/${'x'.repeat(36)}`,
  'AWS::NoValue': '',
};
/** A resource's `Ref` or attribute: physical IDs and ARNs rarely exceed this. */
const RESOLVED_PLACEHOLDER = 'x'.repeat(128);

/** Physical names written literally in the template, by logical ID, so a `Ref`/`Fn::GetAtt` to them counts as it will read. */
type KnownNames = Readonly<Record<string, { readonly ref: string; readonly arn?: string }>>;

/** The names a template's resources carry literally (buckets, topics, queues, roles), as their `Ref` and ARN will read. */
export function knownNames(resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>): KnownNames {
  const out: Record<string, { ref: string; arn?: string }> = {};
  for (const [id, r] of Object.entries(resources)) {
    const p = r.Properties ?? {};
    if (r.Type === 'AWS::S3::Bucket' && typeof p.BucketName === 'string') out[id] = { ref: p.BucketName, arn: `arn:aws-us-gov:s3:::${p.BucketName}` };
    if (r.Type === 'AWS::IAM::Role' && typeof p.RoleName === 'string') out[id] = { ref: p.RoleName, arn: `arn:aws-us-gov:iam::123456789012:role/${p.RoleName}` };
  }
  return out;
}

/** `value` with every intrinsic function replaced by its longest realistic result. */
export function resolveForSize(value: unknown, names: KnownNames = {}): unknown {
  const resolveForSize_ = (v: unknown) => resolveForSize(v, names);
  if (Array.isArray(value)) return value.map(resolveForSize_);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 1) {
    const [fn, arg] = entries[0];
    const text = (v: unknown): string => {
      const r = resolveForSize_(v);
      return typeof r === 'string' ? r : JSON.stringify(r);
    };
    switch (fn) {
      case 'Ref':
        return PSEUDO[String(arg)] ?? names[String(arg)]?.ref ?? RESOLVED_PLACEHOLDER;
      case 'Fn::GetAtt': {
        const [id, attribute] = (Array.isArray(arg) ? arg : String(arg).split('.')) as [string, string];
        return (attribute === 'Arn' ? names[id]?.arn : undefined) ?? RESOLVED_PLACEHOLDER;
      }
      case 'Fn::ImportValue':
      case 'Fn::GetAZs':
      case 'Fn::Base64':
        return RESOLVED_PLACEHOLDER;
      case 'Fn::Join': {
        const [sep, parts] = arg as [string, unknown[]];
        return Array.isArray(parts) ? parts.map(text).join(sep) : RESOLVED_PLACEHOLDER;
      }
      case 'Fn::Sub': {
        const [template, vars] = (Array.isArray(arg) ? arg : [arg, {}]) as [string, Record<string, unknown>];
        return String(template).replace(/\$\{([^}!]+)\}/g, (_m, name: string) =>
          name in (vars ?? {}) ? text(vars[name]) : (PSEUDO[name] ?? RESOLVED_PLACEHOLDER),
        );
      }
      case 'Fn::Select':
        return RESOLVED_PLACEHOLDER;
      case 'Fn::If': {
        const [, a, b] = arg as [string, unknown, unknown];
        const [ra, rb] = [resolveForSize_(a), resolveForSize_(b)];
        return JSON.stringify(ra ?? '').length >= JSON.stringify(rb ?? '').length ? ra : rb;
      }
      default:
        break;
    }
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, resolveForSize_(v)]));
}

/** The size of `document` as the service counts it (a string is sent as written, an object as compact JSON). */
export function documentSize(document: unknown, measure: Measure, names: KnownNames = {}): number {
  const resolved = resolveForSize(document, names);
  const text = typeof resolved === 'string' ? resolved : JSON.stringify(resolved);
  if (measure === 'bytes') return Buffer.byteLength(text, 'utf8');
  if (measure === 'characters') return [...text].length;
  return [...text.replace(/\s/g, '')].length;
}

function at(properties: Record<string, unknown> | undefined, path: readonly string[]): unknown {
  return path.reduce<unknown>((o, key) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[key] : undefined), properties);
}

const UNIT: Record<Measure, string> = { bytes: 'bytes', characters: 'characters', 'non-whitespace': 'characters (white space not counted)' };

export const resourcePolicyLimitsRule: TemplateRule = {
  id: 'LZ-ResourcePolicyLimits',
  description: 'Every bucket, key, topic, queue, IAM, event-bus policy, event pattern and Lambda environment fits its service quota.',
  check(stacks: readonly SynthesizedStack[]): Finding[] {
    const findings: Finding[] = [];
    for (const stack of stacks) {
      const names = knownNames((stack.template.Resources ?? {}) as never);
      for (const [logicalId, resource] of Object.entries(stack.template.Resources ?? {})) {
        for (const quota of DOCUMENT_QUOTAS.filter((q) => q.type === resource.Type)) {
          const document = at(resource.Properties, quota.property);
          if (document === undefined) continue;
          const size = documentSize(document, quota.measure, names);
          if (size <= quota.limit) continue;
          findings.push({
            stackPath: stack.stackPath,
            logicalId,
            message: `${quota.what} is about ${size} ${UNIT[quota.measure]} with deploy-time values at their longest; ${quota.type} allows ${quota.limit} (${quota.source}). Replace enumerated accounts with an organization condition (aws:SourceOrgID, aws:PrincipalOrgID) or split the policy`,
          });
        }
      }
      findings.push(...roleInlineFindings(stack, names));
    }
    return findings;
  },
};

/** Logical IDs of the roles an inline policy attaches to (`Roles: [{Ref}]`, `RoleName: {Ref}`). */
function rolesOf(properties: Record<string, any> | undefined): string[] {
  const refs = [...(Array.isArray(properties?.Roles) ? properties.Roles : []), properties?.RoleName];
  return refs.flatMap((r) => (r && typeof r === 'object' && typeof r.Ref === 'string' ? [r.Ref] : []));
}

/**
 * IAM counts a role's inline policies together: its own `Policies` plus every `AWS::IAM::Policy` or
 * `AWS::IAM::RolePolicy` attached to it, each of which can fit alone while the sum does not.
 */
function roleInlineFindings(stack: SynthesizedStack, names: KnownNames): Finding[] {
  const resources = stack.template.Resources ?? {};
  const total = new Map<string, number>();
  for (const [id, r] of Object.entries(resources)) {
    if (r.Type === 'AWS::IAM::Role') {
      const own = Array.isArray(r.Properties?.Policies) ? r.Properties.Policies : [];
      total.set(id, (total.get(id) ?? 0) + own.reduce((n: number, p: any) => n + documentSize(p.PolicyDocument, 'non-whitespace', names), 0));
    }
    if (r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::RolePolicy') {
      const size = documentSize(r.Properties?.PolicyDocument, 'non-whitespace', names);
      for (const role of rolesOf(r.Properties)) total.set(role, (total.get(role) ?? 0) + size);
    }
  }
  return [...total]
    .filter(([id, size]) => size > ROLE_INLINE_LIMIT && resources[id]?.Type === 'AWS::IAM::Role')
    .map(([logicalId, size]) => ({
      stackPath: stack.stackPath,
      logicalId,
      message: `the role's inline policies are about ${size} characters (white space not counted) together, with deploy-time values at their longest; IAM allows ${ROLE_INLINE_LIMIT} (${ROLE_INLINE_SOURCE}). Move statements to a managed policy (6,144 characters each, up to 10 a role) or narrow them`,
    }));
}
