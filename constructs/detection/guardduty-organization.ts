import { Aws, Token, Validations } from 'aws-cdk-lib';
import { CfnDetector, CfnPublishingDestination } from 'aws-cdk-lib/aws-guardduty';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { acknowledgeSdkCall } from '../core/sdk-call-findings';
import { ValidationError } from '../core/validation-error';

/** GuardDuty protection plans; each maps to a detector feature. */
export interface GuardDutyProtectionPlans {
  /** S3 data events. @default true */
  readonly s3Protection?: boolean;
  /** EKS audit logs. @default true */
  readonly eksAuditLogs?: boolean;
  /** Runtime monitoring (EKS, ECS Fargate, EC2) with managed agents. @default true */
  readonly runtimeMonitoring?: boolean;
  /** Malware protection for EBS volumes. @default true */
  readonly malwareProtection?: boolean;
  /** RDS login events. @default true */
  readonly rdsLoginEvents?: boolean;
  /** Lambda network activity. @default true */
  readonly lambdaNetworkLogs?: boolean;
}

/** Props for {@link GuardDutyOrganization}. */
export interface GuardDutyOrganizationProps {
  /** Protection plans, for this detector and every member account. @default - all on */
  readonly plans?: GuardDutyProtectionPlans;
  /**
   * Bucket ARN (optionally with a `/prefix/`) that findings are exported to.
   * @default - no export
   */
  readonly findingsDestinationArn?: string;
  /**
   * KMS key that encrypts exported findings: a key ARN, or an alias ARN (resolved to the key ARN at deploy
   * time with kms:DescribeKey, since GuardDuty wants the key itself). Required with `findingsDestinationArn`.
   * @default - none
   */
  readonly findingsKeyArn?: string;
}

/** Detector feature name → plan flag, and the agents GuardDuty manages for runtime monitoring. */
const FEATURES: ReadonlyArray<[string, keyof GuardDutyProtectionPlans]> = [
  ['S3_DATA_EVENTS', 's3Protection'],
  ['EKS_AUDIT_LOGS', 'eksAuditLogs'],
  ['RUNTIME_MONITORING', 'runtimeMonitoring'],
  ['EBS_MALWARE_PROTECTION', 'malwareProtection'],
  ['RDS_LOGIN_EVENTS', 'rdsLoginEvents'],
  ['LAMBDA_NETWORK_LOGS', 'lambdaNetworkLogs'],
];
const RUNTIME_AGENTS = ['EKS_ADDON_MANAGEMENT', 'ECS_FARGATE_AGENT_MANAGEMENT', 'EC2_AGENT_MANAGEMENT'];

/**
 * GuardDuty in the delegated administrator account, for one region: the detector, organization
 * auto-enable for ALL member accounts (existing and future) with the same protection plans, and the
 * findings export. Delegated-admin registration happens in the management account beforehand.
 *
 * Default settings:
 * - findings published every 15 minutes
 * - every protection plan on, runtime-monitoring agents managed by GuardDuty
 * - organization auto-enable `ALL`; deleting the construct leaves member accounts protected
 * @see Security Hub GuardDuty.1, CIS AWS Foundations (GuardDuty enabled)
 */
export class GuardDutyOrganization extends Construct {
  public readonly detector: CfnDetector;

  constructor(scope: Construct, id: string, props: GuardDutyOrganizationProps = {}) {
    super(scope, id);
    const on = (flag: keyof GuardDutyProtectionPlans) => props.plans?.[flag] ?? true;

    this.detector = new CfnDetector(this, 'Resource', {
      enable: true,
      findingPublishingFrequency: 'FIFTEEN_MINUTES',
      features: FEATURES.map(([name, flag]) => ({
        name,
        status: on(flag) ? 'ENABLED' : 'DISABLED',
        ...(name === 'RUNTIME_MONITORING' && on(flag)
          ? { additionalConfiguration: RUNTIME_AGENTS.map((a) => ({ name: a, status: 'ENABLED' })) }
          : {}),
      })),
    });

    // CloudFormation has no resource for the organization configuration: one API call, made on create and
    // update; none on delete, so removing the stack never switches protection off in member accounts.
    const call = {
      service: 'GuardDuty',
      action: 'UpdateOrganizationConfiguration',
      parameters: {
        DetectorId: this.detector.ref,
        AutoEnableOrganizationMembers: 'ALL',
        Features: FEATURES.map(([name, flag]) => ({
          Name: name,
          AutoEnable: on(flag) ? 'ALL' : 'NONE',
          ...(name === 'RUNTIME_MONITORING' && on(flag)
            ? { AdditionalConfiguration: RUNTIME_AGENTS.map((a) => ({ Name: a, AutoEnable: 'ALL' })) }
            : {}),
        })),
      },
      physicalResourceId: PhysicalResourceId.of('guardduty-organization-configuration'),
    };
    const orgConfig = new AwsCustomResource(this, 'OrganizationConfiguration', {
      onCreate: call,
      onUpdate: call,
      installLatestAwsSdk: false,
      policy: AwsCustomResourcePolicy.fromStatements([
        new PolicyStatement({ actions: ['guardduty:UpdateOrganizationConfiguration'], resources: ['*'] }),
      ]),
    });
    acknowledgeSdkCall(orgConfig, 'guardduty:UpdateOrganizationConfiguration');
    Validations.of(orgConfig).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'guardduty:UpdateOrganizationConfiguration has no resource type in IAM; it can only be granted on "*"',
    });

    if (props.findingsDestinationArn) {
      if (!props.findingsKeyArn) {
        throw new ValidationError('Invalid GuardDutyOrganization props:', [
          'findingsKeyArn: undefined; GuardDuty exports findings only with a KMS key (key or alias ARN)',
        ]);
      }
      new CfnPublishingDestination(this, 'FindingsExport', {
        detectorId: this.detector.ref,
        destinationType: 'S3',
        destinationProperties: { destinationArn: props.findingsDestinationArn, kmsKeyArn: this.keyArnOf(props.findingsKeyArn) },
      });
    }
  }

  /** A key ARN as is; an alias ARN resolved to its key's ARN in the alias's region at deploy time. */
  private keyArnOf(arn: string): string {
    if (Token.isUnresolved(arn) || !arn.includes(':alias/')) return arn;
    const [, , , region, account, resource] = arn.split(':');
    const describe = {
      service: 'KMS',
      action: 'DescribeKey',
      region,
      parameters: { KeyId: arn },
      outputPaths: ['KeyMetadata.Arn'],
      physicalResourceId: PhysicalResourceId.of(arn),
    };
    const lookup = new AwsCustomResource(this, 'FindingsKeyLookup', {
      onCreate: describe,
      onUpdate: describe,
      installLatestAwsSdk: false,
      policy: AwsCustomResourcePolicy.fromStatements([
        new PolicyStatement({
          actions: ['kms:DescribeKey'],
          resources: [`arn:${Aws.PARTITION}:kms:${region}:${account}:key/*`],
          conditions: { StringEquals: { 'kms:RequestAlias': resource } },
        }),
      ]),
    });
    acknowledgeSdkCall(lookup, 'kms:DescribeKey on the key behind the log-archive alias');
    Validations.of(lookup).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:kms:${region}:${account}:key/*]`,
      reason: 'The key ID is what this lookup finds out; the condition limits DescribeKey to the key behind this one alias',
    });
    return lookup.getResponseField('KeyMetadata.Arn');
  }
}
