import { Stack, Token } from 'aws-cdk-lib';
import { CfnRule } from 'aws-cdk-lib/aws-events';
import { ManagedPolicy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { CfnDocument } from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { CONTAINMENT_ACTIONS, type ContainmentAction, type IncidentResponseConfig } from '../../config/schema';
import { acknowledgeWildcards } from './containment-automation';
import { CONTAINMENT_NOTICE_SOURCE } from './notification-destinations';

/**
 * Where each action finds its resource in a GuardDuty finding (EventBridge input paths).
 * @see https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_findings-format.html
 */
export const FINDING_RESOURCE_PATHS: Record<ContainmentAction, string> = {
  IsolateEc2Instance: '$.detail.resource.instanceDetails.instanceId',
  RevokeRoleSessions: '$.detail.resource.accessKeyDetails.userName',
  DeactivateAccessKeys: '$.detail.resource.accessKeyDetails.userName',
  QuarantineLambda: '$.detail.resource.lambdaDetails.functionName',
  BlockS3PublicAccess: '$.detail.resource.s3BucketDetails[0].name',
};

/** The EventBridge pattern of one trigger: GuardDuty findings of the type (wildcards allowed) at or above the severity. */
export function triggerPattern(trigger: IncidentResponseConfig['automaticContainment'][number]): Record<string, unknown> {
  return {
    source: ['aws.guardduty'],
    'detail-type': ['GuardDuty Finding'],
    detail: {
      type: trigger.findingType.includes('*') ? [{ wildcard: trigger.findingType }] : [trigger.findingType],
      severity: [{ numeric: ['>=', trigger.minimumSeverity] }],
    },
  };
}

/** Props for {@link AutomaticContainment}. */
export interface AutomaticContainmentProps {
  /** The triggers (config `incidentResponse.automaticContainment`); none: the construct creates nothing. */
  readonly triggers: IncidentResponseConfig['automaticContainment'];
  /** Dispatch runbook name (this account and region). */
  readonly dispatchRunbookName: string;
  /** Containment runbook prefix (`<org>-IR-`), present in every member account through the StackSet. */
  readonly runbookPrefix: string;
  /** Member automation role name: the execution role of the multi-account run. */
  readonly automationRoleName: string;
  /** SSM's fixed administration role name in this account. */
  readonly automationAdministrationRoleName: string;
  /** Findings topic people receive, and its key alias (the topic is KMS-encrypted). */
  readonly findingsTopicArn: string;
  readonly findingsKeyAlias: string;
}

/**
 * Automatic containment (off unless configured): an EventBridge rule per trigger starts a dispatch runbook here,
 * which first tells people (the findings topic) and then starts the action's runbook in the finding's account
 * and region as a multi-account automation (`TargetLocations`, run there as the member automation role).
 * @see https://docs.aws.amazon.com/systems-manager/latest/userguide/running-automations-multiple-accounts-regions.html
 * @see https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-cwe-target.html
 */
export class AutomaticContainment extends Construct {
  public readonly rules: CfnRule[] = [];

  constructor(scope: Construct, id: string, props: AutomaticContainmentProps) {
    super(scope, id);
    if (props.triggers.length === 0) return;
    const stack = Stack.of(this);
    const p = stack.partition;
    const runbookArn = (name: string) => `arn:${p}:ssm:${stack.region}:${stack.account}:automation-definition/${name}`;

    const dispatchRole = new Role(this, 'DispatchRole', {
      assumedBy: new ServicePrincipal('ssm.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': stack.account } } }),
      description: 'Automatic containment: notify people, then start the containment runbook in the finding\'s account',
    });
    const dispatchPolicy = new ManagedPolicy(this, 'DispatchPolicy', {
      roles: [dispatchRole],
      statements: [
        new PolicyStatement({ sid: 'StartContainmentRunbooks', actions: ['ssm:StartAutomationExecution'], resources: [runbookArn(`${props.runbookPrefix}*`)] }),
        new PolicyStatement({
          sid: 'MultiAccountAdministration',
          actions: ['iam:PassRole'],
          resources: [`arn:${p}:iam::${stack.account}:role/${props.automationAdministrationRoleName}`],
          conditions: { StringEquals: { 'iam:PassedToService': 'ssm.amazonaws.com' } },
        }),
        new PolicyStatement({ sid: 'NotifyPeople', actions: ['sns:Publish'], resources: [props.findingsTopicArn] }),
        new PolicyStatement({
          sid: 'EncryptedTopic',
          actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
          resources: [`arn:${p}:kms:${stack.region}:${stack.account}:key/*`],
          conditions: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': props.findingsKeyAlias } },
        }),
      ],
    });
    // cdk-nag names findings by the rendered ARN: a partition token renders as <AWS::Partition>.
    const np = Token.isUnresolved(p) ? '<AWS::Partition>' : p;
    const nagRunbookArn = (name: string) => `arn:${np}:ssm:${stack.region}:${stack.account}:automation-definition/${name}`;
    acknowledgeWildcards(
      dispatchPolicy,
      [nagRunbookArn(`${props.runbookPrefix}*`), `arn:${np}:kms:${stack.region}:${stack.account}:key/*`],
      'The containment runbooks share one name prefix; the findings key is named by its alias condition (kms:ResourceAliases) because its ID is unknown before deploy',
    );

    const doc = new CfnDocument(this, 'DispatchRunbook', {
      name: props.dispatchRunbookName,
      documentType: 'Automation',
      documentFormat: 'JSON',
      updateMethod: 'NewVersion',
      content: {
        schemaVersion: '0.3',
        description: 'Automatic containment: tells people, then runs the containment runbook in the finding\'s account and region',
        assumeRole: dispatchRole.roleArn,
        parameters: {
          Action: { type: 'String', allowedValues: [...CONTAINMENT_ACTIONS] },
          ResourceId: { type: 'String', allowedPattern: '^[\\w+=,.@:/-]{1,512}$' },
          AccountId: { type: 'String', allowedPattern: '^\\d{12}$' },
          Region: { type: 'String', allowedPattern: '^[a-z]{2}(-gov)?-[a-z]+-\\d$' },
          FindingId: { type: 'String', allowedPattern: '^[A-Za-z0-9._:-]{1,128}$' },
          FindingType: { type: 'String', allowedPattern: '^[A-Za-z0-9:/!._-]{1,128}$' },
          Severity: { type: 'String', allowedPattern: '^\\d+(\\.\\d+)?$' },
        },
        mainSteps: [
          {
            name: 'TellPeople',
            action: 'aws:executeAwsApi',
            onFailure: 'Continue',
            inputs: {
              Service: 'sns',
              Api: 'Publish',
              TopicArn: props.findingsTopicArn,
              Subject: 'Automatic containment started: {{ Action }} in {{ AccountId }}',
              Message: `{"source":"${CONTAINMENT_NOTICE_SOURCE}","detail-type":"Automatic containment","account":"{{ AccountId }}","region":"{{ Region }}","detail":{"action":"{{ Action }}","resourceId":"{{ ResourceId }}","findingId":"{{ FindingId }}","type":"{{ FindingType }}","severity":{{ Severity }},"dispatch":"{{ automation:EXECUTION_ID }}"}}`,
            },
          },
          {
            name: 'Contain',
            action: 'aws:executeAwsApi',
            onFailure: 'Abort',
            inputs: {
              Service: 'ssm',
              Api: 'StartAutomationExecution',
              DocumentName: `${props.runbookPrefix}{{ Action }}`,
              Parameters: {
                ResourceId: ['{{ ResourceId }}'],
                CaseId: ['{{ FindingId }}'],
                FindingId: ['{{ FindingId }}'],
                AutomationAssumeRole: [`arn:${p}:iam::{{ AccountId }}:role/${props.automationRoleName}`],
              },
              TargetLocations: [{ Accounts: ['{{ AccountId }}'], Regions: ['{{ Region }}'], ExecutionRoleName: props.automationRoleName }],
            },
            outputs: [{ Name: 'AutomationExecutionId', Selector: '$.AutomationExecutionId', Type: 'String' }],
          },
        ],
      },
    });

    const eventsRole = new Role(this, 'EventsRole', {
      assumedBy: new ServicePrincipal('events.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': stack.account } } }),
      description: 'Starts the automatic containment dispatch runbook',
    });
    const eventsPolicy = new ManagedPolicy(this, 'EventsPolicy', {
      roles: [eventsRole],
      statements: [
        new PolicyStatement({ sid: 'StartDispatch', actions: ['ssm:StartAutomationExecution'], resources: [`${runbookArn(props.dispatchRunbookName)}:*`, runbookArn(props.dispatchRunbookName)] }),
        new PolicyStatement({
          sid: 'PassDispatchRole',
          actions: ['iam:PassRole'],
          resources: [dispatchRole.roleArn],
          conditions: { StringEquals: { 'iam:PassedToService': 'ssm.amazonaws.com' } },
        }),
      ],
    });

    acknowledgeWildcards(eventsPolicy, [`${nagRunbookArn(props.dispatchRunbookName)}:*`], 'Every version of the one dispatch runbook (StartAutomationExecution authorizes on the versioned ARN)');

    props.triggers.forEach((trigger, i) => {
      const rule = new CfnRule(this, `Trigger${i}`, {
        description: `secure-landing-zone automatic containment: ${trigger.findingType} severity >= ${trigger.minimumSeverity} -> ${trigger.action}`,
        eventPattern: triggerPattern(trigger),
        state: 'ENABLED',
        targets: [
          {
            id: 'Dispatch',
            arn: runbookArn(props.dispatchRunbookName),
            roleArn: eventsRole.roleArn,
            inputTransformer: {
              inputPathsMap: {
                resource: FINDING_RESOURCE_PATHS[trigger.action],
                account: '$.detail.accountId',
                region: '$.detail.region',
                id: '$.detail.id',
                type: '$.detail.type',
                severity: '$.detail.severity',
              },
              inputTemplate: `{"Action":["${trigger.action}"],"ResourceId":["<resource>"],"AccountId":["<account>"],"Region":["<region>"],"FindingId":["<id>"],"FindingType":["<type>"],"Severity":["<severity>"]}`,
            },
          },
        ],
      });
      rule.addDependency(doc);
      this.rules.push(rule);
    });
  }
}
