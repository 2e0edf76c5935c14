import * as path from 'path';
import { Aws, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { ControlPlaneCustomResource } from '../core/control-plane-custom-resource';
import { acknowledgeSdkCall } from '../core/sdk-call-findings';

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
 * later. CloudFormation has no resource type for any of it. Delete changes nothing.
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

    const enable = {
      service: 'Inspector2',
      action: 'Enable',
      parameters: { resourceTypes },
      physicalResourceId: PhysicalResourceId.of('inspector-enable-administrator'),
    };
    const self = new AwsCustomResource(this, 'EnableAdministrator', {
      onCreate: enable,
      onUpdate: enable,
      installLatestAwsSdk: false,
      policy: AwsCustomResourcePolicy.fromStatements([
        new PolicyStatement({ actions: ['inspector2:Enable'], resources: ['*'] }),
        new PolicyStatement({
          actions: ['iam:CreateServiceLinkedRole'],
          resources: [`arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role/aws-service-role/inspector2.amazonaws.com/AWSServiceRoleForAmazonInspector2`],
          conditions: { StringEquals: { 'iam:AWSServiceName': 'inspector2.amazonaws.com' } },
        }),
      ]),
    });

    const autoEnable = {
      service: 'Inspector2',
      action: 'UpdateOrganizationConfiguration',
      parameters: { autoEnable: { ec2, ecr, lambda } },
      physicalResourceId: PhysicalResourceId.of('inspector-organization-configuration'),
    };
    const org = new AwsCustomResource(this, 'OrganizationConfiguration', {
      onCreate: autoEnable,
      onUpdate: autoEnable,
      installLatestAwsSdk: false,
      policy: AwsCustomResourcePolicy.fromStatements([
        new PolicyStatement({ actions: ['inspector2:UpdateOrganizationConfiguration'], resources: ['*'] }),
      ]),
    });
    org.node.addDependency(self);

    // Accounts already in the organization: auto-enable covers only accounts that join later.
    const members = new ControlPlaneCustomResource(this, 'ExistingMembers', {
      entry: path.join(__dirname, '..', '..', '..', 'lambda', 'inspector-members', 'index.ts'),
      purpose: 'Inspector existing-members handler',
      resourceType: 'Custom::InspectorMembers',
      properties: { ResourceTypes: resourceTypes },
      statements: [new PolicyStatement({ sid: 'InspectorMembers', actions: ['inspector2:ListMembers', 'inspector2:Enable'], resources: ['*'] })],
      wildcardReason: 'inspector2:ListMembers and inspector2:Enable have no resource type in IAM; they can only be granted on "*"',
    });
    members.node.addDependency(org);
    acknowledgeSdkCall(self, 'inspector2:Enable and creating the Inspector service-linked role');
    acknowledgeSdkCall(org, 'inspector2:UpdateOrganizationConfiguration');
    for (const cr of [self, org]) {
      Validations.of(cr).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'inspector2:Enable and inspector2:UpdateOrganizationConfiguration have no resource type in IAM; they can only be granted on "*"',
      });
    }
  }
}
