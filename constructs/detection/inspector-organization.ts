import * as path from 'path';
import { Aws, CustomResource, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { CfnFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { ManagedPolicy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId, Provider } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { acknowledgeControlPlaneFunction, acknowledgeDiagnosticsLogGroup, acknowledgeSdkCall } from '../core/sdk-call-findings';

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
    const purpose = 'Inspector existing-members handler';
    const role = new Role(this, 'MembersRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'Enables Amazon Inspector for the existing member accounts',
    });
    const handlerLogs = new LogGroup(this, 'MembersHandlerLogs', { retention: RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN });
    const frameworkLogs = new LogGroup(this, 'MembersProviderLogs', { retention: RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN });
    const fn = new NodejsFunction(this, 'MembersHandler', {
      entry: path.join(__dirname, '..', '..', 'lambda', 'inspector-members', 'index.ts'),
      runtime: Runtime.NODEJS_22_X,
      role,
      timeout: Duration.minutes(10),
      memorySize: 256,
      description: 'Enables Amazon Inspector for every existing member account (delegated administrator)',
      logGroup: handlerLogs,
      bundling: { minify: true, externalModules: ['@aws-sdk/*'] },
    });
    // Reviewable managed policies on the role the handler and the provider framework share: one the handler
    // needs before it exists, one (naming the handler) the framework needs to invoke it.
    const policy = new ManagedPolicy(this, 'MembersPolicy', {
      roles: [role],
      statements: [
        new PolicyStatement({ sid: 'InspectorMembers', actions: ['inspector2:ListMembers', 'inspector2:Enable'], resources: ['*'] }),
        new PolicyStatement({
          sid: 'OwnLogs',
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [handlerLogs.logGroupArn, frameworkLogs.logGroupArn],
        }),
      ],
    });
    Validations.of(policy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'inspector2:ListMembers and inspector2:Enable have no resource type in IAM; they can only be granted on "*"',
    });
    const invokePolicy = new ManagedPolicy(this, 'MembersInvokePolicy', {
      roles: [role],
      statements: [new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [fn.functionArn, `${fn.functionArn}:*`] })],
    });
    Validations.of(invokePolicy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(fn.node.defaultChild as CfnFunction)}.Arn>:*]`,
      reason: 'The provider framework invokes the qualified versions of this one handler function',
    });
    const provider = new Provider(this, 'MembersProvider', {
      onEventHandler: fn,
      frameworkOnEventRole: role.withoutPolicyUpdates(),
      logGroup: frameworkLogs,
    });
    fn.node.addDependency(policy);
    provider.node.addDependency(invokePolicy);
    acknowledgeControlPlaneFunction(fn, purpose);
    acknowledgeControlPlaneFunction(provider, 'Custom-resource provider framework of the Inspector members handler');
    acknowledgeDiagnosticsLogGroup(handlerLogs, purpose);
    acknowledgeDiagnosticsLogGroup(frameworkLogs, 'Inspector members provider framework');
    const members = new CustomResource(this, 'ExistingMembers', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::InspectorMembers',
      properties: { ResourceTypes: resourceTypes },
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
