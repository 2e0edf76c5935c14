import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { MANAGED_RULE_GROUPS, SecureWebAcl } from '../../../constructs/web/secure-web-acl';
import { allPacksCheckedStack, nagErrors, TEST_ENV } from '../nag';

describe('SecureWebAcl', () => {
  test('is nag-clean under AwsSolutions and NIST 800-53 R5 (logging included)', () => {
    const { app, stack } = allPacksCheckedStack();
    new SecureWebAcl(stack, 'Acl', { scope: 'REGIONAL' });
    expect(nagErrors(app)).toEqual([]);
  });

  test('blocks a client over the rate limit, then runs the AWS managed rule groups in order', () => {
    const stack = new Stack(undefined, 'S', { env: TEST_ENV });
    new SecureWebAcl(stack, 'Acl', { scope: 'REGIONAL', rateLimit: 500, rateLimitWindowSeconds: 60 });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::WAFv2::WebACL', {
      DefaultAction: { Allow: {} },
      Rules: [
        Match.objectLike({ Priority: 0, Action: { Block: {} }, Statement: { RateBasedStatement: { Limit: 500, EvaluationWindowSec: 60, AggregateKeyType: 'IP' } } }),
        ...MANAGED_RULE_GROUPS.map((name, i) =>
          Match.objectLike({ Priority: i + 1, OverrideAction: { None: {} }, Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: name } } }),
        ),
      ],
    });
  });

  test('logs to an aws-waf-logs- group by plain ARN, redacting credentials', () => {
    const stack = new Stack(undefined, 'S', { env: TEST_ENV });
    new SecureWebAcl(stack, 'Acl', { scope: 'REGIONAL' });
    Template.fromStack(stack).hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      LogDestinationConfigs: [{ 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':log-group:aws-waf-logs-')])] }],
      RedactedFields: [{ SingleHeader: { Name: 'authorization' } }, { SingleHeader: { Name: 'cookie' } }],
    });
  });

  test.each([
    [{ account: '111111111111', region: 'eu-west-1' }, { scope: 'CLOUDFRONT' as const }, /scope: CLOUDFRONT web ACLs must be created in us-east-1, this stack is in "eu-west-1"/],
    [TEST_ENV, { scope: 'REGIONAL' as const, rateLimit: 5 }, /rateLimit: 5 is not allowed \(allowed: a whole number from 10 to 2000000000\)/],
    [TEST_ENV, { scope: 'REGIONAL' as const, rateLimitWindowSeconds: 30 }, /rateLimitWindowSeconds: 30 is not allowed \(allowed: 60, 120, 300, 600\)/],
    [TEST_ENV, { scope: 'GLOBAL' as any }, /scope: "GLOBAL" is not a web ACL scope \(allowed: CLOUDFRONT, REGIONAL\)/],
  ])('rejects bad props with a message naming the prop, the value and what is allowed (%#)', (env, props, message) => {
    expect(() => new SecureWebAcl(new Stack(undefined, 'S', { env }), 'Acl', props)).toThrow(message);
  });
});
