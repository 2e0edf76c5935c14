import { document, type GuardrailStatement } from '../../../lib/guardrails/statement';

test('document() writes the statements as IAM reads them, without the control annotation and in the same key order', () => {
  const statement: GuardrailStatement = {
    Sid: 'DenyLeaveOrganization',
    Effect: 'Deny',
    Action: ['organizations:LeaveOrganization'],
    Resource: '*',
    control: 'SCP stay-in-organization',
  };
  const doc = document([statement]);
  expect(doc).toEqual({ Version: '2012-10-17', Statement: [{ Sid: 'DenyLeaveOrganization', Effect: 'Deny', Action: ['organizations:LeaveOrganization'], Resource: '*' }] });
  expect(Object.keys(doc.Statement[0])).toEqual(['Sid', 'Effect', 'Action', 'Resource']);
});
