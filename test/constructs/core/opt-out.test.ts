import { Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { OPT_OUTS_METADATA_KEY, OptOut, optOutProblems, recordOptOut } from '../../../constructs/core/opt-out';

const REASON = 'Throwaway queue for a load test, deleted after the run';

describe('opt-outs', () => {
  test('accept a known control with a reason of 25+ characters', () => {
    expect(optOutProblems({ versioning: OptOut.because(REASON) }, ['versioning'])).toEqual([]);
    expect(optOutProblems(undefined, ['versioning'])).toEqual([]);
  });

  test('reject an unknown control, a short reason and a missing reason, each named', () => {
    expect(optOutProblems({ encryption: OptOut.because(REASON), versioning: OptOut.because('too short'), retention: {} as any }, ['versioning', 'retention'])).toEqual([
      'optOuts.encryption: "encryption" is not a control this construct can opt out of (allowed: versioning, retention)',
      'optOuts.versioning.reason: "too short" is not a reason (allowed: a literal string of at least 25 characters saying why this resource may go without versioning)',
      'optOuts.retention.reason: null is not a reason (allowed: a literal string of at least 25 characters saying why this resource may go without retention)',
    ]);
  });

  test('are written to the template metadata of the weakened resource and acknowledge its nag findings with the reason', () => {
    const stack = new Stack();
    const queue = new sqs.CfnQueue(stack, 'Q');
    recordOptOut(queue, 'deadLetterQueue', OptOut.because(REASON), ['AwsSolutions-SQS3']);
    recordOptOut(queue, 'encryption', OptOut.because(REASON));
    expect(Template.fromStack(stack).toJSON().Resources.Q.Metadata[OPT_OUTS_METADATA_KEY]).toEqual([
      { control: 'deadLetterQueue', reason: REASON },
      { control: 'encryption', reason: REASON },
    ]);
    const acks = queue.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY).map((m) => m.data);
    // The same reason excuses the Control Tower twin of the check (CT.SQS.PR.1, constructs/core/proactive-controls.ts).
    expect(acks).toEqual([
      expect.objectContaining({ 'Annotation::AwsSolutions-SQS3': `Opted out of deadLetterQueue: ${REASON}` }),
      { 'cdk-validator-cfnguard::sqs_dlq_check': `Opted out of deadLetterQueue: ${REASON}` },
    ]);
  });
});
