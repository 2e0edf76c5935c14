import { Lazy, Stack, Stage } from 'aws-cdk-lib';
import { CfnStackSet } from 'aws-cdk-lib/aws-cloudformation';
import { Construct } from 'constructs';
import { throwIfProblems } from '../../../constructs/core/validation-error';

/** Props for {@link ServiceManagedStackSet}. */
export interface ServiceManagedStackSetProps {
  /** StackSet name, unique in the management account and region. */
  readonly stackSetName: string;
  /** One-line description shown in the StackSets console. */
  readonly description: string;
  /**
   * The CDK stack whose synthesized template every instance runs. It must live in a `Stage` (so it is
   * synthesized, and checked by the app's cdk-nag plugins, but never deployed on its own) and must not use
   * assets: instances in other accounts cannot read the deploying account's asset bucket.
   */
  readonly template: Stack;
  /** Values of the template's parameters, the same for every instance. @default - none */
  readonly parameters?: Record<string, string>;
  /**
   * OU IDs (or the organization root ID, which reaches every member account) to deploy to. Accounts that
   * join these OUs later receive the stack automatically.
   * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-manage-auto-deployment.html
   */
  readonly organizationalUnitIds: readonly string[];
  /** Regions of every instance, home region first (operations run in this order). */
  readonly regions: readonly string[];
  /** Share of accounts deployed at once per region. @default 25 */
  readonly maxConcurrentPercentage?: number;
  /** Share of accounts per region that may fail before the operation stops. @default 10 */
  readonly failureTolerancePercentage?: number;
}

/**
 * A service-managed StackSet: CloudFormation deploys the template into every account of the target OUs
 * and every listed region through the organization's trusted access, with no role per account and no
 * list of account IDs anywhere.
 *
 * Default settings:
 * - permission model SERVICE_MANAGED, automatic deployment on, stacks removed when an account leaves
 * - managed execution (non-conflicting operations run concurrently), regions in parallel
 * - template body embedded from the synthesized stack; CAPABILITY_NAMED_IAM
 */
export class ServiceManagedStackSet extends Construct {
  public readonly resource: CfnStackSet;

  constructor(scope: Construct, id: string, props: ServiceManagedStackSetProps) {
    super(scope, id);
    const problems: string[] = [];
    if (props.organizationalUnitIds.length === 0) problems.push('organizationalUnitIds: [] is empty (at least one OU or root ID)');
    if (props.regions.length === 0) problems.push('regions: [] is empty (at least one region)');
    const stage = Stage.of(props.template);
    if (!stage || stage === Stage.of(this)) {
      problems.push(`template: "${props.template.node.path}" must live in its own Stage, not beside the stack that deploys it`);
    }
    throwIfProblems(this, 'ServiceManagedStackSet', problems);

    const template = props.template;
    this.resource = new CfnStackSet(this, 'Resource', {
      stackSetName: props.stackSetName,
      description: props.description,
      permissionModel: 'SERVICE_MANAGED',
      autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
      managedExecution: { Active: true },
      capabilities: ['CAPABILITY_NAMED_IAM'],
      callAs: 'SELF',
      operationPreferences: {
        regionConcurrencyType: 'PARALLEL',
        maxConcurrentPercentage: props.maxConcurrentPercentage ?? 25,
        failureTolerancePercentage: props.failureTolerancePercentage ?? 10,
      },
      parameters: Object.entries(props.parameters ?? {}).map(([parameterKey, parameterValue]) => ({ parameterKey, parameterValue })),
      stackInstancesGroup: [
        { deploymentTargets: { organizationalUnitIds: [...props.organizationalUnitIds] }, regions: [...props.regions] },
      ],
      // The nested stage is synthesized before the stacks that embed it; its cached assembly holds the template.
      templateBody: Lazy.string({
        produce: () => JSON.stringify(Stage.of(template)!.synth().getStackArtifact(template.artifactId).template),
      }),
    });
  }
}
