/**
 * Synthesized output as the synth rules (`lib/checks`), the control predicates (`lib/controls`), the
 * evidence reports (`lib/evidence`) and the safety check (`lib/safety`) all read it: the shapes and the
 * one reference helper they share. They live apart from each of those folders so that reading a template
 * never makes one folder import another (`test/lib/template.test.ts` walks the import graph).
 */
import type { IPolicyValidationContext } from 'aws-cdk-lib';

/** One resource as a template declares it. */
export interface CfnResource {
  readonly Type: string;
  readonly Properties?: any;
  readonly Metadata?: any;
  readonly [k: string]: any;
}

/** A CloudFormation template as parsed from `cdk.out`. */
export interface CfnTemplate {
  readonly Resources?: Record<string, CfnResource>;
  readonly Outputs?: Record<string, unknown>;
  readonly Parameters?: Record<string, unknown>;
  readonly [k: string]: unknown;
}

/** A synthesized stack as the rules and reports see it. */
export interface SynthesizedStack {
  /** Construct path of the stack, e.g. `acme-organization-management-eu-west-1`. */
  readonly stackPath: string;
  readonly templatePath: string;
  readonly template: CfnTemplate;
  readonly account?: string;
  readonly region?: string;
}

/** A report written beside the templates after the rules run (compliance, cost, acknowledgments...). */
export interface SynthReport {
  /** File name inside the cloud assembly, e.g. `compliance.md`. */
  readonly fileName: string;
  render(stacks: readonly SynthesizedStack[], context: IPolicyValidationContext): string;
}

/**
 * An IAM policy statement as a policy document holds it. Every field is optional and loosely typed
 * because templates are read, not trusted; code that writes statements narrows it (`GuardrailStatement`).
 */
export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect?: string;
  readonly Principal?: unknown;
  readonly NotPrincipal?: unknown;
  readonly Action?: string | string[];
  readonly NotAction?: string | string[];
  readonly Resource?: string | string[];
  readonly NotResource?: string | string[];
  readonly Condition?: Record<string, Record<string, unknown>>;
}

/** Logical ID a `Ref`/`Fn::GetAtt` value points at, if it is one. */
export function refTarget(value: unknown): string | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Record<string, any>;
  if (typeof v.Ref === 'string') return v.Ref;
  const getAtt = v['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
  if (typeof getAtt === 'string') return getAtt.split('.')[0];
  return undefined;
}
