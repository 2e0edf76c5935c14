/**
 * CloudFormation quota checks at synth, so a stack never grows into a limit at deploy time.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html
 */
import * as fs from 'fs';
import type { SynthesizedStack } from '../template';
import type { Finding, TemplateRule } from './plugin';

/** CloudFormation's per-stack quotas, and the share of the resource quota this project allows. */
export const CFN_LIMITS = {
  resources: 500,
  /** Fail at 90% of the resource quota: the headroom is what a hotfix needs. */
  resourceShare: 0.9,
  /** Template body in S3 (CDK uploads every template as an asset). */
  templateBytes: 1_048_576,
  outputs: 200,
  parameters: 200,
  /** `AWS::CloudFormation::StackSet` `TemplateBody` (CreateStackSet API limit; TemplateURL allows more). */
  stackSetTemplateBodyBytes: 51_200,
  /** AWS Organizations policy document size, by policy type (characters). */
} as const;

/** Bytes of the template as written to cdk.out (what CDK uploads), or of its JSON when not on disk. */
export function templateBytes(stack: SynthesizedStack): number {
  if (stack.templatePath && fs.existsSync(stack.templatePath)) return fs.statSync(stack.templatePath).size;
  return Buffer.byteLength(JSON.stringify(stack.template, undefined, 1));
}

const count = (o: Record<string, unknown> | undefined) => Object.keys(o ?? {}).length;
const finding = (stack: SynthesizedStack, message: string): Finding => ({ stackPath: stack.stackPath, logicalId: '(stack)', message });

function perStack(check: (s: SynthesizedStack) => string | undefined) {
  return (stacks: readonly SynthesizedStack[]): Finding[] =>
    stacks.flatMap((s) => {
      const message = check(s);
      return message ? [finding(s, message)] : [];
    });
}

export const resourceLimitRule: TemplateRule = {
  id: 'LZ-StackResourceLimit',
  description: `Every stack stays within ${CFN_LIMITS.resourceShare * 100}% of CloudFormation's ${CFN_LIMITS.resources}-resource quota.`,
  check: perStack((s) => {
    const n = count(s.template.Resources);
    const max = Math.floor(CFN_LIMITS.resources * CFN_LIMITS.resourceShare);
    return n > max
      ? `stack ${s.stackPath} has ${n} resources; the limit is ${max} (${CFN_LIMITS.resourceShare * 100}% of CloudFormation's ${CFN_LIMITS.resources}): split the stack`
      : undefined;
  }),
};

export const templateSizeRule: TemplateRule = {
  id: 'LZ-TemplateSizeLimit',
  description: 'Every template stays within CloudFormation\'s 1 MB template quota (template body in S3).',
  check: perStack((s) => {
    const bytes = templateBytes(s);
    return bytes > CFN_LIMITS.templateBytes
      ? `stack ${s.stackPath} template is ${bytes} bytes; the limit is ${CFN_LIMITS.templateBytes} bytes (1 MB)`
      : undefined;
  }),
};

export const outputLimitRule: TemplateRule = {
  id: 'LZ-StackOutputLimit',
  description: `Every stack declares at most ${CFN_LIMITS.outputs} outputs.`,
  check: perStack((s) => {
    const n = count(s.template.Outputs);
    return n > CFN_LIMITS.outputs ? `stack ${s.stackPath} has ${n} outputs; the limit is ${CFN_LIMITS.outputs}` : undefined;
  }),
};

export const parameterLimitRule: TemplateRule = {
  id: 'LZ-StackParameterLimit',
  description: `Every stack declares at most ${CFN_LIMITS.parameters} parameters.`,
  check: perStack((s) => {
    const n = count(s.template.Parameters);
    return n > CFN_LIMITS.parameters ? `stack ${s.stackPath} has ${n} parameters; the limit is ${CFN_LIMITS.parameters}` : undefined;
  }),
};

type Resource = { Type: string; Properties?: any };
function perResource(check: (r: Resource) => string | undefined) {
  return (stacks: readonly SynthesizedStack[]): Finding[] =>
    stacks.flatMap((s) =>
      Object.entries(s.template.Resources ?? {}).flatMap(([logicalId, r]) => {
        const message = check(r);
        return message ? [{ stackPath: s.stackPath, logicalId, message: `${s.stackPath}/${logicalId}: ${message}` }] : [];
      }),
    );
}

/** Size in bytes of a value as CloudFormation receives it (a string as is, an object as minified JSON). */
function bytesOf(value: unknown): number {
  return Buffer.byteLength(typeof value === 'string' ? value : JSON.stringify(value));
}

export const stackSetTemplateBodyRule: TemplateRule = {
  id: 'LZ-StackSetTemplateBodyLimit',
  description: `Every StackSet TemplateBody stays within CloudFormation's ${CFN_LIMITS.stackSetTemplateBodyBytes}-byte limit.`,
  check: perResource((r) => {
    if (r.Type !== 'AWS::CloudFormation::StackSet' || r.Properties?.TemplateBody === undefined) return undefined;
    const bytes = bytesOf(r.Properties.TemplateBody);
    return bytes > CFN_LIMITS.stackSetTemplateBodyBytes
      ? `StackSet TemplateBody is ${bytes} bytes; the limit is ${CFN_LIMITS.stackSetTemplateBodyBytes} bytes (split the StackSet or use TemplateURL)`
      : undefined;
  }),
};

/**
 * The limit rules, in the order their findings read best. There is no rule for the 51,200-byte inline template
 * limit: CDK uploads every template to the bootstrap bucket, so that limit never applies and a warning about it
 * would be noise a person cannot act on (the 1 MB rule above is the one that matters).
 */
export const limitRules: readonly TemplateRule[] = [
  resourceLimitRule,
  templateSizeRule,
  outputLimitRule,
  parameterLimitRule,
  stackSetTemplateBodyRule,
];
// SCP/RCP size and per-target count: LZ-OrganizationPolicyLimits (organization-policy-limits.ts).
