import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { OrganizationalUnits } from '../../constructs/organization/organizational-units';
import type { LandingZoneConfig } from '../config/schema';

/** The slice of config the organization stack needs. */
export interface OrganizationStackProps extends StackProps {
  readonly organization: LandingZoneConfig['organization'];
  readonly ous: LandingZoneConfig['ous'];
}

/** Management account, home region: the organization's shape. */
export class OrganizationStack extends Stack {
  public readonly ous: OrganizationalUnits;

  constructor(scope: Construct, id: string, props: OrganizationStackProps) {
    super(scope, id, props);
    this.ous = new OrganizationalUnits(this, 'OrganizationalUnits', {
      rootId: props.organization.rootId,
      paths: props.ous,
    });
  }
}
