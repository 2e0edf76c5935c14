/**
 * The four cdk-nag packs with each rule run once per resource.
 *
 * AwsSolutions, NIST 800-53 R5, HIPAA Security and PCI DSS 3.2.1 apply 375 rules to every resource, but only 197
 * distinct rule functions: the same check (e.g. S3BucketSSLRequestsOnly) sits in several packs under each
 * pack's own ID. A rule is a pure function of the resource, so its result is computed by the first pack that
 * asks and reused by the others; every pack still reports, acknowledges and names its findings as before.
 */
import type { CfnResource } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks, type IApplyRule, type NagRuleResult } from 'cdk-nag';
import type { IConstruct } from 'constructs';

type Rule = IApplyRule['rule'];
type Outcome = { readonly result: NagRuleResult } | { readonly error: unknown };

/** Results of one app's validation, by rule, then resource. */
export class SharedRuleResults {
  private readonly byRule = new Map<Rule, Rule>();
  /** Rule evaluations answered from another pack's run (the tests read it). */
  reused = 0;

  /** `rule`, answering from earlier runs on the same resource; its `name` (the pack's ID suffix) is kept. */
  shared(rule: Rule): Rule {
    let wrapped = this.byRule.get(rule);
    if (wrapped) return wrapped;
    const results = new WeakMap<CfnResource, Outcome>();
    const run = (node: CfnResource): NagRuleResult => {
      let outcome = results.get(node);
      if (outcome) this.reused++;
      else {
        try {
          outcome = { result: rule(node) };
        } catch (error) {
          // A rule that throws (cdk-nag reports it as a finding) throws the same error for every pack.
          outcome = { error };
        }
        results.set(node, outcome);
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
    super.applyRule({ ...params, rule: this.results.shared(params.rule) });
  }
}
class SharedNist80053R5 extends NIST80053R5Checks {
  constructor(scope: IConstruct, private readonly results: SharedRuleResults) {
    super(scope);
  }
  protected override applyRule(params: IApplyRule): void {
    super.applyRule({ ...params, rule: this.results.shared(params.rule) });
  }
}
class SharedHipaaSecurity extends HIPAASecurityChecks {
  constructor(scope: IConstruct, private readonly results: SharedRuleResults) {
    super(scope);
  }
  protected override applyRule(params: IApplyRule): void {
    super.applyRule({ ...params, rule: this.results.shared(params.rule) });
  }
}
class SharedPciDss321 extends PCIDSS321Checks {
  constructor(scope: IConstruct, private readonly results: SharedRuleResults) {
    super(scope);
  }
  protected override applyRule(params: IApplyRule): void {
    super.applyRule({ ...params, rule: this.results.shared(params.rule) });
  }
}

/** The four packs for `scope`, sharing one rule-result cache. */
export function nagPacks(scope: IConstruct, results = new SharedRuleResults()) {
  return [new SharedAwsSolutions(scope, results), new SharedNist80053R5(scope, results), new SharedHipaaSecurity(scope, results), new SharedPciDss321(scope, results)];
}
