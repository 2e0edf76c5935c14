import { Stack, type StackProps } from 'aws-cdk-lib';
import { ManagedPolicy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import type { IncidentResponseConfig } from '../config/schema';
import { acknowledgeWildcards } from '../constructs/incident-response/containment-automation';
import { AutomaticContainment } from '../constructs/incident-response/automatic-containment';
import { EvidenceBucket } from '../constructs/incident-response/evidence-bucket';
import { NotificationDestinations } from '../constructs/incident-response/notification-destinations';
import { ResponderRole } from '../constructs/incident-response/responder-role';

/** The slice of config and the names the incident-response stack needs. */
export interface IncidentResponseStackProps extends StackProps {
  readonly incidentResponse: IncidentResponseConfig;
  readonly organizationId: string;
  readonly exemptPrincipalArnPatterns: readonly string[];
  readonly names: {
    readonly evidenceBucketName: string;
    readonly evidenceKeyAlias: string;
    readonly evidenceKeyAliasArn: string;
    readonly evidenceBucketArn: string;
    readonly accessLogBucketName: string;
    readonly responderRoleName: string;
    readonly responderRoleArn: string;
    readonly automationRoleName: string;
    readonly containmentRoleArnPattern: string;
    readonly runbookPrefix: string;
    readonly automationAdministrationRoleName: string;
    readonly findingsTopicArn: string;
    readonly findingsKeyAlias: string;
    readonly alarmTopicArn: string;
    readonly namePrefix: string;
  };
}

/**
 * Security-log account, home region (issue 15): the evidence bucket, the people's incident-response role, the
 * SSM administration role that multi-account containment runs need, chat and webhook destinations, and the
 * automatic containment triggers. The runbooks themselves reach every account through the incident-response
 * StackSet (this account included).
 */
export class IncidentResponseStack extends Stack {
  public readonly evidence: EvidenceBucket;
  public readonly responder: ResponderRole;

  constructor(scope: Construct, id: string, props: IncidentResponseStackProps) {
    super(scope, id, props);
    const ir = props.incidentResponse;
    const names = props.names;
    this.evidence = new EvidenceBucket(this, 'Evidence', {
      bucketName: names.evidenceBucketName,
      keyAlias: names.evidenceKeyAlias,
      keyAliasArn: names.evidenceKeyAliasArn,
      organizationId: props.organizationId,
      writerRoleArnPattern: names.containmentRoleArnPattern,
      readerRoleArn: names.responderRoleArn,
      retentionDays: ir.evidenceRetentionDays,
      // The archive's access-log bucket (log-archive stack) admits this bucket's logs: allowEvidenceAccessLogs.
      serverAccessLogsBucket: Bucket.fromBucketName(this, 'AccessLogs', names.accessLogBucketName),
      exemptPrincipalArnPatterns: props.exemptPrincipalArnPatterns,
    });
    this.responder = new ResponderRole(this, 'Responder', {
      roleName: names.responderRoleName,
      principalArns: ir.responderPrincipals,
      memberRoleName: names.automationRoleName,
      runbookPrefix: names.runbookPrefix,
      automationAdministrationRoleName: names.automationAdministrationRoleName,
      organizationId: props.organizationId,
      evidenceBucketArn: names.evidenceBucketArn,
    });

    // SSM runs multi-account automations from this account as this fixed-name role, which assumes the member
    // accounts' automation role (their trust names it).
    // https://docs.aws.amazon.com/systems-manager/latest/userguide/running-automations-multiple-accounts-regions.html
    const admin = new Role(this, 'AutomationAdministrationRole', {
      roleName: names.automationAdministrationRoleName,
      assumedBy: new ServicePrincipal('ssm.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': this.account } } }),
      description: 'SSM multi-account automation: assumes the member accounts\' incident-response automation role only',
    });
    const adminPolicy = new ManagedPolicy(this, 'AutomationAdministrationPolicy', {
      roles: [admin],
      statements: [
        new PolicyStatement({
          sid: 'AssumeMemberAutomationRole',
          actions: ['sts:AssumeRole'],
          resources: [`arn:${this.partition}:iam::*:role/${names.automationRoleName}`],
          conditions: { StringEquals: { 'aws:ResourceOrgID': props.organizationId } },
        }),
      ],
    });

    acknowledgeWildcards(adminPolicy, [`arn:${this.partition}:iam::*:role/${names.automationRoleName}`], 'The one automation role name in every account of the organization (aws:ResourceOrgID); the target account is the incident\'s');

    new NotificationDestinations(this, 'Notifications', {
      findingsTopicArn: names.findingsTopicArn,
      alarmTopicArn: names.alarmTopicArn,
      chat: ir.chat,
      webhooks: ir.webhooks,
      namePrefix: names.namePrefix,
    });
    new AutomaticContainment(this, 'AutomaticContainment', {
      triggers: ir.automaticContainment,
      dispatchRunbookName: `${names.runbookPrefix}AutomaticDispatch`,
      runbookPrefix: names.runbookPrefix,
      automationRoleName: names.automationRoleName,
      automationAdministrationRoleName: names.automationAdministrationRoleName,
      findingsTopicArn: names.findingsTopicArn,
      findingsKeyAlias: names.findingsKeyAlias,
    });
  }
}
