/**
 * The landing zone's own synth-time checks, run by CDK's policy-validation mechanism beside cdk-nag:
 * a failing rule fails `app.synth()` exactly like a nag error, and its findings land in
 * `cdk.out/validation-report.json`. Each rule is a small pure function over the synthesized templates.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { IPolicyValidationContext, IPolicyValidationPlugin, PolicyValidationPluginReport, PolicyViolation } from 'aws-cdk-lib';
import type { CfnTemplate, SynthesizedStack, SynthReport } from '../template';

/** One problem a rule found. */
export interface Finding {
  readonly stackPath: string;
  /** Logical ID of the resource at fault, or `(stack)` for a stack-wide finding. */
  readonly logicalId: string;
  /** A complete sentence naming the thing, the figure and the limit. */
  readonly message: string;
}

/** A project rule: one job, a pure function over every synthesized stack. */
export interface TemplateRule {
  /** Rule ID, e.g. `LZ-IamActionExists`. */
  readonly id: string;
  /** What the rule guarantees, one sentence. */
  readonly description: string;
  /** `error` fails the synth; `warning` is reported only. @default error */
  readonly severity?: 'error' | 'warning';
  check(stacks: readonly SynthesizedStack[]): Finding[];
}

/** Loads the templates the validation context points at. */
export function loadSynthesizedStacks(context: IPolicyValidationContext): SynthesizedStack[] {
  return context.stackTemplates.map((s) => ({
    stackPath: s.stackConstructPath,
    templatePath: s.templatePath,
    template: JSON.parse(fs.readFileSync(s.templatePath, 'utf8')) as CfnTemplate,
    account: s.accountId,
    region: s.region,
  }));
}

/** Runs rules over stacks and returns CDK policy violations (pure: no file access). */
export function runRules(rules: readonly TemplateRule[], stacks: readonly SynthesizedStack[]): PolicyViolation[] {
  const byPath = new Map(stacks.map((s) => [s.stackPath, s]));
  // One violation per finding: CDK prints a violation's description once for each violating resource.
  return rules.flatMap((rule) =>
    rule.check(stacks).map((f) => ({
      ruleName: rule.id,
      description: `${rule.description}\n    ${f.stackPath}/${f.logicalId}: ${f.message}`,
      severity: rule.severity ?? 'error',
      violatingResources: [
        { resourceLogicalId: f.logicalId, templatePath: byPath.get(f.stackPath)?.templatePath, locations: [f.message] },
      ],
    })),
  );
}

/** CDK plugin running the landing-zone rules and writing the landing-zone reports. */
export class LandingZoneChecks implements IPolicyValidationPlugin {
  public readonly name = 'LandingZone';
  public readonly version = '1';

  constructor(
    private readonly rules: readonly TemplateRule[],
    private readonly reports: readonly SynthReport[] = [],
  ) {}

  public get ruleIds(): string[] {
    return this.rules.map((r) => r.id);
  }

  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const stacks = loadSynthesizedStacks(context);
    const violations = runRules(this.rules, stacks);
    const outdir = stacks.length > 0 ? path.dirname(stacks[0].templatePath) : undefined;
    if (outdir) {
      for (const report of this.reports) fs.writeFileSync(path.join(outdir, report.fileName), report.render(stacks, context));
    }
    return { success: violations.every((v) => v.severity !== 'error'), violations };
  }
}
