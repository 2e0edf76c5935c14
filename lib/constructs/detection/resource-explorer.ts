import { CfnIndex, CfnView } from 'aws-cdk-lib/aws-resourceexplorer2';
import { Construct } from 'constructs';

/** Props for {@link ResourceExplorerSearch}. */
export interface ResourceExplorerSearchProps {
  /**
   * True in the home region: the account's aggregator index (a replica of every region's index). Other regions
   * get a local index, which the aggregator replicates.
   */
  readonly aggregator: boolean;
  /**
   * The organization view, in the aggregator region. Only the management account or Resource Explorer's delegated
   * administrator may create it (`DelegatedAdmins` registers the security-log account by default).
   * @default - no organization view (the account's own resources are searchable)
   */
  readonly organizationView?: {
    readonly viewName: string;
    /** `arn:aws:organizations::<management>:organization/<o-...>`: the view covers every account of the organization. */
    readonly organizationArn: string;
  };
}

/**
 * AWS Resource Explorer for the security-log account: an index in each governed region, the aggregator index in
 * the home region, and there a view scoped to the organization, so one search covers every account. Only the
 * management account or a delegated administrator may create a multi-account view, and every account searched
 * needs its own indexes (docs/operations.md: prerequisites).
 * @see https://docs.aws.amazon.com/resource-explorer/latest/userguide/configure-views-create.html
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-resourceexplorer2-view.html
 *
 * Default settings: views include resource tags (`IncludedProperties: tags`), no filter.
 */
export class ResourceExplorerSearch extends Construct {
  /** The index of this region. */
  public readonly index: CfnIndex;
  /** The organization view (home region only). */
  public readonly view?: CfnView;

  constructor(scope: Construct, id: string, props: ResourceExplorerSearchProps) {
    super(scope, id);
    this.index = new CfnIndex(this, 'Resource', { type: props.aggregator ? 'AGGREGATOR' : 'LOCAL' });
    if (props.organizationView) {
      this.view = new CfnView(this, 'OrganizationView', {
        viewName: props.organizationView.viewName,
        scope: props.organizationView.organizationArn,
        includedProperties: [{ name: 'tags' }],
      });
      this.view.node.addDependency(this.index); // a view in the aggregator region needs the aggregator index first
    }
  }
}
