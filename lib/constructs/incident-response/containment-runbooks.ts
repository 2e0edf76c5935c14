import { CfnDocument } from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import type { ContainmentAction } from '../../config/schema';

/** What each runbook does and which resource it takes (`ResourceId`), for the documents and docs/runbook.md. */
export const CONTAINMENT_RUNBOOKS: Record<ContainmentAction, { readonly resource: string; readonly pattern: string; readonly description: string }> = {
  IsolateEc2Instance: {
    resource: 'instance ID (i-...)',
    pattern: '^i-[0-9a-f]{8,17}$',
    description: 'Isolate an EC2 instance: quarantine security group with no rules on every ENI, detached from its Auto Scaling group and target groups, termination protection, tagged, every volume snapshotted; console output, tags, ENIs and snapshot IDs to the evidence bucket.',
  },
  RevokeRoleSessions: {
    resource: 'role ARN or name',
    pattern: '^(arn:aws[a-z-]*:iam::\\d{12}:role/)?[\\w+=,.@/-]{1,512}$',
    description: 'Revoke every session of an IAM role issued before now (inline deny on aws:TokenIssueTime, as the console\'s Revoke sessions does); the role\'s policies before and after to the evidence bucket.',
  },
  DeactivateAccessKeys: {
    resource: 'user ARN or name',
    pattern: '^(arn:aws[a-z-]*:iam::\\d{12}:user/)?[\\w+=,.@/-]{1,512}$',
    description: 'Deactivate every access key of an IAM user (reversible: update-access-key --status Active); the keys\' state before and after to the evidence bucket.',
  },
  QuarantineLambda: {
    resource: 'function ARN or name',
    pattern: '^(arn:aws[a-z-]*:lambda:[a-z0-9-]+:\\d{12}:function:)?[A-Za-z0-9_-]{1,64}$',
    description: 'Quarantine a Lambda function: reserved concurrency 0 (no invocation runs); its configuration, previous concurrency and code package to the evidence bucket.',
  },
  BlockS3PublicAccess: {
    resource: 'bucket name',
    pattern: '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$',
    description: 'Block all public access on an S3 bucket; its previous bucket policy and public access block to the evidence bucket.',
  },
};

/** Props for {@link ContainmentRunbooks}. */
export interface ContainmentRunbooksProps {
  /** Document name prefix (`<org>-IR-`): each runbook is `<prefix><Action>`. */
  readonly namePrefix: string;
  /** The containment handler, invoked by name. */
  readonly functionName: string;
  /** ARN of the role SSM runs the automation as, in this account (the runbooks' default `AutomationAssumeRole`). */
  readonly automationRoleArn: string;
}

/**
 * One SSM Automation runbook per containment action. Each has a single `aws:invokeLambdaFunction` step: the
 * logic lives in one TypeScript handler (tested with aws-sdk-client-mock), while SSM gives people one command
 * (`aws ssm start-automation-execution`), an execution record of who ran what with which input, and
 * multi-account runs from the security-log account (`--target-locations`).
 * @see https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-action-lamb.html
 */
export class ContainmentRunbooks extends Construct {
  /** The documents, by action. */
  public readonly documents: Record<string, CfnDocument> = {};

  constructor(scope: Construct, id: string, props: ContainmentRunbooksProps) {
    super(scope, id);
    for (const [action, runbook] of Object.entries(CONTAINMENT_RUNBOOKS)) {
      this.documents[action] = new CfnDocument(this, action, {
        name: `${props.namePrefix}${action}`,
        documentType: 'Automation',
        documentFormat: 'JSON',
        updateMethod: 'NewVersion',
        content: {
          schemaVersion: '0.3',
          description: runbook.description,
          assumeRole: '{{ AutomationAssumeRole }}',
          parameters: {
            ResourceId: { type: 'String', description: `The ${runbook.resource}.`, allowedPattern: runbook.pattern },
            CaseId: { type: 'String', description: 'Incident case ID (or the finding ID); names the evidence prefix.', allowedPattern: '^[A-Za-z0-9._:-]{1,128}$' },
            FindingId: { type: 'String', description: 'Finding that prompted the action.', default: 'none', allowedPattern: '^[A-Za-z0-9._:/-]{1,256}$' },
            AutomationAssumeRole: { type: 'String', description: 'Role SSM runs as.', default: props.automationRoleArn },
          },
          mainSteps: [
            {
              name: 'Contain',
              action: 'aws:invokeLambdaFunction',
              timeoutSeconds: 300,
              onFailure: 'Abort',
              inputs: {
                FunctionName: props.functionName,
                InputPayload: {
                  action,
                  resourceId: '{{ ResourceId }}',
                  caseId: '{{ CaseId }}',
                  findingId: '{{ FindingId }}',
                  collector: 'ssm-automation:{{ automation:EXECUTION_ID }}',
                },
              },
              outputs: [{ Name: 'Result', Selector: '$.Payload', Type: 'String' }],
            },
          ],
          outputs: ['Contain.Result'],
        },
      });
    }
  }
}
