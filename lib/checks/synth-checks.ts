/**
 * Checks at synth: the cdk-nag packs and the landing zone's own `LZ-*` rules on every stack, plus the
 * evidence reports. An unacknowledged error makes `app.synth()` throw, so `npm run synth` and the test suite
 * fail; CDK writes the findings to `cdk.out/validation-report.json`. ("Guardrails" are the SCPs and RCPs.)
 */
import { Validations, type App } from 'aws-cdk-lib';
import type { LandingZoneConfig } from '../config/schema';
import { architectureReport } from '../evidence/architecture';
import { complianceJsonReport, complianceMarkdownReport } from '../evidence/compliance';
import { costReports } from '../evidence/cost';
import { accountShardSizeRule } from './account-shard-size';
import { AcknowledgeEveryPack, acknowledgmentReasonRule, acknowledgmentsReport } from './acknowledgments';
import { iamActionExistsRule } from './iam-actions';
import { limitRules } from './limits';
import { adminPortsClosedToInternetRule, vpcFlowLogsRule } from './network-rules';
import { organizationPolicyLimitsRule } from './organization-policy-limits';
import { proactiveControlsPlugin, proactiveControlsRequested } from './proactive-controls';
import { resourcePolicyLimitsRule } from './resource-policy-limits';
import { nagPacks } from './shared-nag-rules';
import { collectGarbageAfterSynthesis } from './synth-memory';
import type { ParallelTemplateValidation } from './template-validation';
import type { SynthReport } from '../template';
import { LandingZoneChecks, type TemplateRule } from './plugin';

/** The landing zone's own rules and reports; issues add theirs here. */
export function landingZoneRules(app: App): TemplateRule[] {
  return [
    acknowledgmentReasonRule(app),
    iamActionExistsRule,
    organizationPolicyLimitsRule,
    resourcePolicyLimitsRule,
    accountShardSizeRule,
    adminPortsClosedToInternetRule,
    vpcFlowLogsRule,
    ...limitRules,
  ];
}

/**
 * Reports written to cdk.out at every synth: acknowledgments, compliance (md + json), and, given the
 * config, the cost estimate (md + json, home-region prices) and the architecture picture.
 */
export function landingZoneReports(config?: LandingZoneConfig): SynthReport[] {
  const fromConfig = config
    ? [...costReports(config.organization.homeRegion, config.accounts), architectureReport(config)]
    : [];
  return [acknowledgmentsReport, complianceMarkdownReport, complianceJsonReport, ...fromConfig];
}

/**
 * Adds the AwsSolutions, NIST 800-53 R5, HIPAA Security and PCI DSS 3.2.1 packs and the landing-zone checks to
 * the whole app, and the Control Tower proactive controls when the context asks for them (`npm run synth`
 * does). Each acknowledgment is written once, by check, and extended to every pack that has the check.
 * `templateValidation`, when given, replaces CDK's built-in template validation (same rules, on worker threads).
 */
export function applySynthChecks(app: App, config?: LandingZoneConfig, templateValidation?: ParallelTemplateValidation): void {
  AcknowledgeEveryPack.applyTo(app);
  Validations.of(app).addPlugins(
    // Each rule runs once per resource, however many packs have it.
    ...nagPacks(app),
    new LandingZoneChecks(landingZoneRules(app), landingZoneReports(config)),
    ...(proactiveControlsRequested(app) ? [proactiveControlsPlugin()] : []),
    ...(templateValidation ? [templateValidation] : []),
  );
  templateValidation?.watch(app);
  collectGarbageAfterSynthesis(app);
}
