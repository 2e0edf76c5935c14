import * as path from 'path';
import { Aws } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { ControlPlaneCustomResource } from '../core/control-plane-custom-resource';

/** Props for {@link InspectorOrganization}. */
export interface InspectorOrganizationProps {
  /** Scan EC2 instances. @default true */
  readonly ec2?: boolean;
  /** Scan ECR container images. @default true */
  readonly ecr?: boolean;
  /** Scan Lambda functions (packages). @default true */
  readonly lambda?: boolean;
}

/**
 * Amazon Inspector in the delegated administrator account, for one region: scanning on for the
 * administrator itself, for every account already in the organization (a small handler that lists the
 * members Inspector knows and enables them in batches), and auto-enabled for every account that joins
 * later, all by one handler (`lambda/inspector-members`). CloudFormation has no resource type for any of it. Delete changes nothing.
 *
 * Default settings: EC2, ECR and Lambda scanning on.
 * @see Security Hub Inspector.1-3
 */
export class InspectorOrganization extends Construct {
  constructor(scope: Construct, id: string, props: InspectorOrganizationProps = {}) {
    super(scope, id);
    const ec2 = props.ec2 ?? true;
    const ecr = props.ecr ?? true;
    const lambda = props.lambda ?? true;
    const resourceTypes = [ec2 && 'EC2', ecr && 'ECR', lambda && 'LAMBDA'].filter((t): t is string => typeof t === 'string');

    // One handler: the administrator itself, auto-enable for accounts that join later, and the accounts
    // already in the organization (auto-enable does not cover them), in that order.
    // The ID and type are those of the released members resource (CloudFormation cannot change a type in place).
    new ControlPlaneCustomResource(this, 'ExistingMembers', {
      entry: path.join(__dirname, '..', '..', '..', 'lambda', 'inspector-members', 'index.ts'),
      purpose: 'Inspector organization handler',
      resourceType: 'Custom::InspectorMembers',
      properties: { ResourceTypes: resourceTypes, AutoEnable: { ec2, ecr, lambda } },
      statements: [
        new PolicyStatement({ sid: 'EnableAdministrator', actions: ['inspector2:Enable'], resources: ['*'] }),
        new PolicyStatement({
          sid: 'InspectorServiceLinkedRole',
          actions: ['iam:CreateServiceLinkedRole'],
          resources: [`arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role/aws-service-role/inspector2.amazonaws.com/AWSServiceRoleForAmazonInspector2`],
          conditions: { StringEquals: { 'iam:AWSServiceName': 'inspector2.amazonaws.com' } },
        }),
        new PolicyStatement({ sid: 'OrganizationConfiguration', actions: ['inspector2:UpdateOrganizationConfiguration'], resources: ['*'] }),
        new PolicyStatement({ sid: 'InspectorMembers', actions: ['inspector2:ListMembers', 'inspector2:Enable'], resources: ['*'] }),
      ],
      wildcardReason:
        'inspector2:Enable, inspector2:UpdateOrganizationConfiguration and inspector2:ListMembers have no resource type in IAM; they can only be granted on "*"',
    });
  }
}
