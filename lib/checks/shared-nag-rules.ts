/**
 * The four cdk-nag packs with each rule run once per resource.
 *
 * AwsSolutions, NIST 800-53 R5, HIPAA Security and PCI DSS 3.2.1 apply 375 rules to every resource, but only 197
 * distinct rule functions: the same check (e.g. S3BucketSSLRequestsOnly) sits in several packs under each
 * pack's own ID. A rule is a pure function of the resource, so its result is computed by the first pack that
 * asks and reused by the others; every pack still reports, acknowledges and names its findings as before.
 */
import type { CfnResource } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, NagRuleCompliance, NIST80053R5Checks, PCIDSS321Checks, type IApplyRule, type NagRuleResult } from 'cdk-nag';
import type { IConstruct } from 'constructs';

type Rule = IApplyRule['rule'];
type Outcome = { readonly result: NagRuleResult } | { readonly error: unknown };

/** The three plain results, as one byte each (0: not run yet; 4: a findings list or an error, kept aside). */
const CODES: readonly NagRuleResult[] = [NagRuleCompliance.COMPLIANT, NagRuleCompliance.NON_COMPLIANT, NagRuleCompliance.NOT_APPLICABLE];
const ASIDE = 4;

/**
 * Results of one app's validation. Every rule runs on every resource (most answer "not applicable"), so a result
 * is one byte in a per-resource array indexed by rule: 197 bytes a resource, where a map entry per result cost
 * hundreds of MB at 1,000 accounts.
 */
export class SharedRuleResults {
  private readonly byRule = new Map<Rule, Rule>();
  private readonly results = new WeakMap<CfnResource, Uint8Array>();
  private readonly aside = new WeakMap<CfnResource, Map<number, Outcome>>();
  /** Rule evaluations answered from another pack's run (the tests read it). */
  reused = 0;

  /** `rule`, answering from earlier runs on the same resource; its `name` (the pack's ID suffix) is kept. */
  shared(rule: Rule): Rule {
    let wrapped = this.byRule.get(rule);
    if (wrapped) return wrapped;
    const index = this.byRule.size;
    const run = (node: CfnResource): NagRuleResult => {
      let row = this.results.get(node);
      if (!row || row.length <= index) {
        const grown = new Uint8Array(Math.max(256, index + 1));
        if (row) grown.set(row);
        this.results.set(node, (row = grown));
      }
      const code = row[index];
      if (code !== 0) {
        this.reused++;
        if (code !== ASIDE) return CODES[code - 1];
        const outcome = this.aside.get(node)!.get(index)!;
        if ('error' in outcome) throw outcome.error;
        return outcome.result;
      }
      let outcome: Outcome;
      try {
        outcome = { result: rule(node) };
      } catch (error) {
        // A rule that throws (cdk-nag reports it as a finding) throws the same error for every pack.
        outcome = { error };
      }
      const plain = 'result' in outcome ? CODES.indexOf(outcome.result) : -1;
      if (plain >= 0) row[index] = plain + 1;
      else {
        row[index] = ASIDE;
        if (!this.aside.has(node)) this.aside.set(node, new Map());
        this.aside.get(node)!.set(index, outcome);
      }
      if ('error' in outcome) throw outcome.error;
      return outcome.result;
    };
    wrapped = Object.defineProperty(run, 'name', { value: rule.name }) as Rule;
    this.byRule.set(rule, wrapped);
    return wrapped;
  }
}

class SharedAwsSolutions extends AwsSolutionsChecks {
  constructor(scope: IConstruct, private readonly results: SharedRuleResults) {
    super(scope);
  }
  protected override applyRule(params: IApplyRule): void {
    // The pack builds `params` afresh for each call, so it is updated in place (a copy per rule run cost ~1 s at 1,000 accounts).
    params.rule = this.results.shared(params.rule);
    super.applyRule(params);
  }
}
class SharedNist80053R5 extends NIST80053R5Checks {
  constructor(scope: IConstruct, private readonly results: SharedRuleResults) {
    super(scope);
  }
  protected override applyRule(params: IApplyRule): void {
    // The pack builds `params` afresh for each call, so it is updated in place (a copy per rule run cost ~1 s at 1,000 accounts).
    params.rule = this.results.shared(params.rule);
    super.applyRule(params);
  }
}
class SharedHipaaSecurity extends HIPAASecurityChecks {
  constructor(scope: IConstruct, private readonly results: SharedRuleResults) {
    super(scope);
  }
  protected override applyRule(params: IApplyRule): void {
    // The pack builds `params` afresh for each call, so it is updated in place (a copy per rule run cost ~1 s at 1,000 accounts).
    params.rule = this.results.shared(params.rule);
    super.applyRule(params);
  }
}
class SharedPciDss321 extends PCIDSS321Checks {
  constructor(scope: IConstruct, private readonly results: SharedRuleResults) {
    super(scope);
  }
  protected override applyRule(params: IApplyRule): void {
    // The pack builds `params` afresh for each call, so it is updated in place (a copy per rule run cost ~1 s at 1,000 accounts).
    params.rule = this.results.shared(params.rule);
    super.applyRule(params);
  }
}

/** The four packs for `scope`, sharing one rule-result cache. */
export function nagPacks(scope: IConstruct, results = new SharedRuleResults()) {
  return [new SharedAwsSolutions(scope, results), new SharedNist80053R5(scope, results), new SharedHipaaSecurity(scope, results), new SharedPciDss321(scope, results)];
}
