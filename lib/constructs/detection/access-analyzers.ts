import { CfnAnalyzer } from 'aws-cdk-lib/aws-accessanalyzer';
import { Construct } from 'constructs';

/** Props for {@link AccessAnalyzers}. */
export interface AccessAnalyzersProps {
  /** Name of the organization (external access) analyzer. */
  readonly analyzerName: string;
  /**
   * Also create the organization unused-access analyzer here. IAM is global, so one (in the home region)
   * covers every account; more would bill the same findings twice.
   * @default - none
   */
  readonly unusedAccess?: { readonly analyzerName: string; readonly unusedAccessAgeDays?: number };
}

/**
 * IAM Access Analyzer from the delegated administrator, for one region: an ORGANIZATION analyzer (resources
 * shared outside the organization, in every account, now and later) and optionally the
 * ORGANIZATION_UNUSED_ACCESS analyzer.
 *
 * Default settings: unused access reported after 90 days; no archive rules (every finding is seen).
 * @see CIS 1.20, Security Hub IAM.28
 */
export class AccessAnalyzers extends Construct {
  public readonly analyzer: CfnAnalyzer;

  constructor(scope: Construct, id: string, props: AccessAnalyzersProps) {
    super(scope, id);
    this.analyzer = new CfnAnalyzer(this, 'Resource', { analyzerName: props.analyzerName, type: 'ORGANIZATION' });
    if (props.unusedAccess) {
      new CfnAnalyzer(this, 'UnusedAccess', {
        analyzerName: props.unusedAccess.analyzerName,
        type: 'ORGANIZATION_UNUSED_ACCESS',
        analyzerConfiguration: { unusedAccessConfiguration: { unusedAccessAge: props.unusedAccess.unusedAccessAgeDays ?? 90 } },
      });
    }
  }
}
