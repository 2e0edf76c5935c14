import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { publicPrincipalProblems } from '../../../constructs/core/public-principals';

const doc = (...statements: iam.PolicyStatement[]) => new iam.PolicyDocument({ statements });
const allow = (principal: iam.IPrincipal, conditions?: Record<string, any>) =>
  new iam.PolicyStatement({ sid: 'S', actions: ['sqs:SendMessage'], resources: ['*'], principals: [principal], conditions });

describe('publicPrincipalProblems', () => {
  const stack = new Stack();
  test('flags an Allow to anyone without a narrowing condition', () => {
    expect(publicPrincipalProblems(stack, doc(allow(new iam.AnyPrincipal())), 'queue policy')).toEqual([
      expect.stringMatching(/^queue policy: statement "S" allows principal "\*" \(allowed: a named principal, or "\*" narrowed by one of aws:SourceArn/),
    ]);
    expect(publicPrincipalProblems(stack, doc(allow(new iam.StarPrincipal())), 'p')).toHaveLength(1);
  });

  test('accepts named principals, Deny statements and anyone narrowed to an organization or source', () => {
    expect(publicPrincipalProblems(stack, doc(allow(new iam.AccountPrincipal('111111111111'))), 'p')).toEqual([]);
    expect(publicPrincipalProblems(stack, doc(allow(new iam.AnyPrincipal(), { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } })), 'p')).toEqual([]);
    expect(publicPrincipalProblems(stack, doc(allow(new iam.AnyPrincipal(), { ArnLike: { 'aws:SourceArn': 'arn:aws:sns:*:*:t' } })), 'p')).toEqual([]);
    const deny = new iam.PolicyStatement({ effect: iam.Effect.DENY, actions: ['*'], resources: ['*'], principals: [new iam.AnyPrincipal()] });
    expect(publicPrincipalProblems(stack, doc(deny), 'p')).toEqual([]);
  });

  test('flags a condition that does not narrow the caller', () => {
    expect(publicPrincipalProblems(stack, doc(allow(new iam.AnyPrincipal(), { Bool: { 'aws:SecureTransport': 'true' } })), 'p')).toHaveLength(1);
  });
});
