import * as path from 'path';
import { Aws, Token, Validations } from 'aws-cdk-lib';
import { CfnPublishingDestination } from 'aws-cdk-lib/aws-guardduty';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { ControlPlaneCustomResource } from '../core/control-plane-custom-resource';
import { ValidationError } from '../../../constructs/core/validation-error';

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
   * Name of the handler's role. The organization's GuardDuty guardrail denies UpdateDetector to everyone but
   * exempt roles; give the handler the one name that guardrail exempts.
   * @default - a generated name
   */
  readonly handlerRoleName?: string;
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
  /** ID of the region's detector (adopted or created at deploy time). */
  public readonly detectorId: string;
  public readonly organizationConfiguration: ControlPlaneCustomResource;

  constructor(scope: Construct, id: string, props: GuardDutyOrganizationProps = {}) {
    super(scope, id);
    const on = (flag: keyof GuardDutyProtectionPlans) => props.plans?.[flag] ?? true;

    // Registering the delegated administrator already created a detector here, so a handler adopts it
    // (or creates it when there is none), sets the plans and the organization configuration.
    const plans = Object.fromEntries(FEATURES.map(([name, flag]) => [name, on(flag)]));
    if (props.findingsDestinationArn && !props.findingsKeyArn) {
      throw ValidationError.of(this, 'GuardDutyOrganization', [
        'findingsKeyArn: undefined; GuardDuty exports findings only with a KMS key (key or alias ARN)',
      ]);
    }
    // An alias ARN is resolved to its key's ARN by the same handler (GuardDuty wants the key itself).
    const alias = props.findingsDestinationArn ? aliasOf(props.findingsKeyArn!) : undefined;
    this.organizationConfiguration = new ControlPlaneCustomResource(this, 'Resource', {
      entry: path.join(__dirname, '..', '..', '..', 'lambda', 'guardduty-admin', 'index.ts'),
      purpose: 'GuardDuty delegated-administrator handler',
      resourceType: 'Custom::GuardDutyOrganization',
      roleName: props.handlerRoleName,
      properties: { Plans: plans, ...(alias ? { FindingsKeyAlias: alias.arn } : {}) },
      statements: [
        new PolicyStatement({
          sid: 'DetectorAndOrganizationConfiguration',
          actions: ['guardduty:ListDetectors', 'guardduty:CreateDetector', 'guardduty:UpdateOrganizationConfiguration'],
          resources: ['*'],
        }),
        new PolicyStatement({
          sid: 'OwnDetectorOnly',
          actions: ['guardduty:UpdateDetector'],
          resources: [`arn:${Aws.PARTITION}:guardduty:${Aws.REGION}:${Aws.ACCOUNT_ID}:detector/*`],
        }),
        new PolicyStatement({
          sid: 'GuardDutyServiceLinkedRoles',
          actions: ['iam:CreateServiceLinkedRole'],
          resources: [`arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role/aws-service-role/*guardduty.amazonaws.com/*`],
          conditions: { StringLike: { 'iam:AWSServiceName': '*guardduty.amazonaws.com' } },
        }),
        ...(alias
          ? [
              new PolicyStatement({
                sid: 'FindingsKeyLookup',
                actions: ['kms:DescribeKey'],
                resources: [`arn:${Aws.PARTITION}:kms:${alias.region}:${alias.account}:key/*`],
                conditions: { StringEquals: { 'kms:RequestAlias': alias.name } },
              }),
            ]
          : []),
      ],
      wildcardReason: 'guardduty:ListDetectors, CreateDetector and UpdateOrganizationConfiguration have no resource type in IAM; they can only be granted on "*"',
    });
    for (const [resource, reason] of [
      ['arn:<AWS::Partition>:guardduty:<AWS::Region>:<AWS::AccountId>:detector/*', 'The detector ID is created or adopted at deploy time; UpdateDetector is limited to detectors of this account and region'],
      ['arn:<AWS::Partition>:iam::<AWS::AccountId>:role/aws-service-role/*guardduty.amazonaws.com/*', 'GuardDuty and its malware protection create their own service-linked roles; the condition limits creation to GuardDuty services'],
    ]) {
      Validations.of(this.organizationConfiguration).acknowledge({ id: `AwsSolutions-IAM5[Resource::${resource}]`, reason });
    }
    if (alias) {
      Validations.of(this.organizationConfiguration).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:kms:${alias.region}:${alias.account}:key/*]`,
        reason: 'The key ID is what this lookup finds out; the condition limits DescribeKey to the key behind this one alias',
      });
    }
    this.detectorId = this.organizationConfiguration.resource.getAttString('DetectorId');

    if (props.findingsDestinationArn) {
      new CfnPublishingDestination(this, 'FindingsExport', {
        detectorId: this.detectorId,
        destinationType: 'S3',
        destinationProperties: {
          destinationArn: props.findingsDestinationArn,
          kmsKeyArn: alias ? this.organizationConfiguration.resource.getAttString('FindingsKeyArn') : props.findingsKeyArn,
        },
      });
    }
  }
}

/** The parts of an alias ARN (a literal `arn:...:alias/...`); undefined for a key ARN or a token. */
function aliasOf(arn: string): { arn: string; region: string; account: string; name: string } | undefined {
  if (Token.isUnresolved(arn) || !arn.includes(':alias/')) return undefined;
  const [, , , region, account, name] = arn.split(':');
  return { arn, region, account, name };
}
