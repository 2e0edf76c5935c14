import { CfnOrganizationalUnit } from 'aws-cdk-lib/aws-organizations';
import { Construct } from 'constructs';
import { ValidationError } from '../../../constructs/core/validation-error';

/** Props for {@link OrganizationalUnits}. */
export interface OrganizationalUnitsProps {
  /** ID of the organization root (`r-...`), parent of the top-level OUs. */
  readonly rootId: string;
  /**
   * OU paths such as `Workloads/Prod`, parents before children.
   * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_ous.html
   */
  readonly paths: readonly string[];
}

/**
 * The organization's OU tree, declared from paths.
 *
 * Default settings: none beyond the tree itself. Each OU's construct ID is derived from its path, so
 * re-ordering the list never replaces an OU (an OU replacement would detach its accounts and policies).
 */
export class OrganizationalUnits extends Construct {
  private readonly byPath = new Map<string, CfnOrganizationalUnit>();

  constructor(scope: Construct, id: string, props: OrganizationalUnitsProps) {
    super(scope, id);
    for (const path of props.paths) {
      const slash = path.lastIndexOf('/');
      const parentPath = slash === -1 ? undefined : path.slice(0, slash);
      const parent = parentPath === undefined ? undefined : this.byPath.get(parentPath);
      if (parentPath !== undefined && !parent) {
        throw ValidationError.of(this, 'OrganizationalUnits', [
          `paths: "${path}" needs its parent "${parentPath}" listed before it`,
        ]);
      }
      const ou = new CfnOrganizationalUnit(this, OrganizationalUnits.constructIdFor(path), {
        name: path.slice(slash + 1),
        parentId: parent ? parent.attrId : props.rootId,
      });
      this.byPath.set(path, ou);
    }
  }

  /** `Workloads/Prod` → `WorkloadsProd`: stable and independent of list order. */
  public static constructIdFor(path: string): string {
    return path.replace(/[^A-Za-z0-9]/g, '');
  }

  /** The ID (or, for `Root`, the root ID) to use as a parent or a policy target. */
  public idOf(path: string, rootId: string): string {
    if (path === 'Root') return rootId;
    const ou = this.byPath.get(path);
    if (!ou) throw ValidationError.of(this, 'OrganizationalUnits', [`idOf: "${path}" is not a declared OU (allowed: Root, ${[...this.byPath.keys()].join(', ')})`]);
    return ou.attrId;
  }

  /** Every declared OU path. */
  public get paths(): string[] {
    return [...this.byPath.keys()];
  }
}
