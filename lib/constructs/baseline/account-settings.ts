import * as path from 'path';
import { Aws, CfnCondition, CfnCustomResource, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { ManagedPolicy, PolicyDocument, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { bundleInline } from '../core/inline-bundle';
import { acknowledgeControlPlaneFunction, acknowledgeDiagnosticsLogGroup } from '../core/sdk-call-findings';

/** The handler; its settings are listed in `SETTINGS` there. */
const HANDLER_ENTRY = path.join(__dirname, '..', '..', '..', 'lambda', 'account-baseline', 'index.ts');

/** The alternate SECURITY contact of the account. Values may be template parameters. */
export interface SecurityContactProps {
  readonly name: string;
  readonly title: string;
  readonly email: string;
  readonly phone: string;
}

/** Props for {@link AccountSettings}. */
export interface AccountSettingsProps {
  /**
   * Condition true in the one region where account-wide (global) settings are applied: password policy,
   * S3 account public access block, security contact. Regional settings apply wherever the stack runs.
   * @default - account-wide settings are applied in every region the stack is deployed to
   */
  readonly accountWideCondition?: CfnCondition;
  /**
   * Alternate SECURITY contact registered on the account.
   * @see CIS AWS Foundations 1.2, Security Hub Account.1
   * @default - no contact is set
   */
  readonly securityContact?: SecurityContactProps;
  /**
   * Name of the handler's role. Organization guardrails that deny password-policy and account public-access
   * block changes exempt one role name per region; give the handler that name so it can apply them.
   * @default - a generated name
   */
  readonly handlerRoleName?: string;
  /**
   * Key encrypting the handler's log group, for an ordinary stack (the management account's baseline).
   * @default - unencrypted: in a StackSet instance a key per account and region would cost more than the
   *   diagnostics it protects, so the finding is acknowledged there
   */
  readonly logKey?: IKey;
  /**
   * Remove the region's default VPC when it is empty (a non-empty one is kept and reported in the
   * resource's `Result`/`Reason` attributes). Deleting the stack does not recreate it.
   * @see CIS AWS Foundations 3.7 and 5.5, Security Hub EC2.6 and EC2.2
   * @default true
   */
  readonly removeDefaultVpc?: boolean;
}

/**
 * Account-level protections CloudFormation has no resource type for, applied by a small custom resource
 * whose code is inlined in the template (no asset), so the construct works inside StackSet instances in
 * any account and region.
 *
 * Default settings:
 * - EBS encryption by default (CIS 5.1.1, Security Hub EC2.7), every region
 * - IMDSv2 required as the instance-metadata default, hop limit 2 (CIS 5.7, Security Hub EC2.8), every region;
 *   where an EC2 declarative policy manages the defaults, the policy holds and the setting only reports it
 * - the default VPC removed when empty, every region (CIS 3.7/5.5, Security Hub EC2.6/EC2.2); kept and
 *   reported when anything is in it
 * - AWS Config service-linked role ensured (Security Hub Config.1), before any recorder uses it
 * - account-wide: S3 public access block on all four settings (CIS 2.1.4, Security Hub S3.1), IAM password
 *   policy with length 14 and reuse prevention 24 (CIS 1.7/1.8, Security Hub IAM.15/16)
 * - deleting the stack leaves every protection on
 */
export class AccountSettings extends Construct {
  /** The setting custom resources, by setting name (e.g. `EbsEncryptionByDefault`). */
  public readonly settings: Record<string, CfnCustomResource> = {};

  constructor(scope: Construct, id: string, props: AccountSettingsProps = {}) {
    super(scope, id);
    const account = Aws.ACCOUNT_ID;
    const partition = Aws.PARTITION;
    const ec2Arn = (type: string) => `arn:${partition}:ec2:${Aws.REGION}:${account}:${type}/*`;
    const logGroup = new LogGroup(this, 'Logs', { retention: RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN, encryptionKey: props.logKey });
    if (!props.logKey) acknowledgeDiagnosticsLogGroup(logGroup, 'Account baseline settings handler');

    const role = new Role(this, 'HandlerRole', {
      roleName: props.handlerRoleName,
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'Applies account baseline settings that CloudFormation has no resource type for',
    });
    // A customer-managed policy rather than an inline one (NIST 800-53 AC-6 asks for reviewable, attachable policies).
    const policy = new ManagedPolicy(this, 'HandlerPolicy', {
      roles: [role],
      description: 'Account baseline settings: account-level EC2, S3, IAM and Account calls only',
      document: new PolicyDocument({
          statements: [
            new PolicyStatement({
              sid: 'AccountLevelSettingsWithoutResourceArn',
              actions: [
                'ec2:EnableEbsEncryptionByDefault',
                'ec2:ModifyInstanceMetadataDefaults',
                's3:PutAccountPublicAccessBlock',
                'iam:UpdateAccountPasswordPolicy',
              ],
              resources: ['*'],
            }),
            new PolicyStatement({
              sid: 'OwnSecurityContactOnly',
              actions: ['account:PutAlternateContact'],
              resources: [`arn:${partition}:account::${account}:account`],
              conditions: { 'ForAllValues:StringEquals': { 'account:AlternateContactTypes': ['SECURITY'] } },
            }),
            new PolicyStatement({
              sid: 'ConfigServiceLinkedRoleOnly',
              actions: ['iam:CreateServiceLinkedRole'],
              resources: [`arn:${partition}:iam::${account}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`],
              conditions: { StringEquals: { 'iam:AWSServiceName': 'config.amazonaws.com' } },
            }),
            new PolicyStatement({
              sid: 'OwnLogs',
              actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
              resources: [logGroup.logGroupArn],
            }),
            // Default-VPC removal (lambda/account-baseline/default-vpc.ts): the Describe calls find the default VPC
            // and whatever is in it; EC2 authorizes Describe* only on "*".
            // https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html
            new PolicyStatement({
              sid: 'FindDefaultVpcAndWhatIsInIt',
              actions: [
                'ec2:GetInstanceMetadataDefaults',
                'ec2:DescribeVpcs',
                'ec2:DescribeNetworkInterfaces',
                'ec2:DescribeVpcEndpoints',
                'ec2:DescribeVpcPeeringConnections',
                'ec2:DescribeSecurityGroups',
                'ec2:DescribeRouteTables',
                'ec2:DescribeSubnets',
                'ec2:DescribeVpnGateways',
                'ec2:DescribeInternetGateways',
              ],
              resources: ['*'],
            }),
            // The handler deletes only the VPC the service reports as default (and its gateway and subnets); IAM has no
            // condition key for "default", so the grant is bounded to this account and region.
            new PolicyStatement({
              sid: 'RemoveDefaultVpcInThisRegion',
              actions: ['ec2:DetachInternetGateway', 'ec2:DeleteInternetGateway', 'ec2:DeleteSubnet', 'ec2:DeleteVpc'],
              resources: [ec2Arn('vpc'), ec2Arn('subnet'), ec2Arn('internet-gateway')],
            }),
          ],
        }),
    });
    Validations.of(policy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'EnableEbsEncryptionByDefault, Get/ModifyInstanceMetadataDefaults, PutAccountPublicAccessBlock and UpdateAccountPasswordPolicy are account-level calls, and the EC2 Describe calls that find the default VPC are list calls: IAM authorizes all of them only on resource "*"',
    });
    for (const type of ['vpc', 'subnet', 'internet-gateway']) {
      Validations.of(policy).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ec2:<AWS::Region>:<AWS::AccountId>:${type}/*]`,
        reason: `The default VPC's ${type} ID is known only at deploy time (found by DescribeVpcs is-default); the grant is bounded to this account and region and the handler deletes only what belongs to the VPC the service reports as default`,
      });
    }

    const fn = new LambdaFunction(this, 'Handler', {
      runtime: Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: Code.fromInline(bundleInline(HANDLER_ENTRY)),
      role,
      timeout: Duration.minutes(2),
      memorySize: 256,
      logGroup,
      description: 'secure-landing-zone account baseline settings (inline: StackSet instances cannot read CDK assets)',
    });
    acknowledgeControlPlaneFunction(fn, 'Account baseline settings handler');
    fn.node.addDependency(policy);

    const setting = (name: string, extra: Record<string, string> = {}, condition?: CfnCondition): void => {
      const resource = new CfnCustomResource(this, name, { serviceToken: fn.functionArn });
      resource.addPropertyOverride('Setting', name);
      for (const [k, v] of Object.entries(extra)) resource.addPropertyOverride(k, v);
      if (condition) resource.cfnOptions.condition = condition;
      resource.node.addDependency(fn);
      this.settings[name] = resource;
    };
    setting('EbsEncryptionByDefault');
    setting('InstanceMetadataDefaults');
    setting('ConfigServiceLinkedRole');
    if (props.removeDefaultVpc ?? true) setting('DefaultVpcRemoval');
    setting('S3AccountPublicAccessBlock', {}, props.accountWideCondition);
    setting('PasswordPolicy', {}, props.accountWideCondition);
    if (props.securityContact) {
      const c = props.securityContact;
      setting('SecurityContact', { Name: c.name, Title: c.title, Email: c.email, Phone: c.phone }, props.accountWideCondition);
    }
  }
}
