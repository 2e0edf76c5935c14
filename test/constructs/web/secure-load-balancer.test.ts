import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { OptOut } from '../../../constructs/core/opt-out';
import { SecureLoadBalancer } from '../../../constructs/web/secure-load-balancer';
import { allPacksCheckedStack, nagErrors, optOutsIn, testStack, tieredVpcFixture } from '../nag';

const CERT_ARN = 'arn:aws:acm:eu-west-1:111111111111:certificate/11111111-2222-3333-4444-555555555555';
const REASON = 'Short-lived load test environment recreated for every run';

function lb(stack: Stack, props: Partial<ConstructorParameters<typeof SecureLoadBalancer>[2]> = {}): SecureLoadBalancer {
  return new SecureLoadBalancer(stack, 'Api', {
    vpc: tieredVpcFixture(stack),
    certificate: acm.Certificate.fromCertificateArn(stack, 'Cert', CERT_ARN),
    ...props,
  });
}

describe('SecureLoadBalancer', () => {
  test('is nag-clean under AwsSolutions and NIST 800-53 R5 with no acknowledgment from the caller', () => {
    const { app, stack } = allPacksCheckedStack();
    lb(stack);
    expect(nagErrors(app)).toEqual([]);
  });

  const t = (() => {
    const stack = testStack('S');
    lb(stack);
    return Template.fromStack(stack);
  })();

  test('is internet-facing in the public subnets, drops invalid headers, logs and is deletion-protected', () => {
    const stack = testStack('S');
    const { loadBalancer } = lb(stack);
    const vpc = tieredVpcFixture(stack) as any;
    const tpl = Template.fromStack(stack);
    tpl.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Scheme: 'internet-facing',
      Subnets: vpc.selectSubnets({ subnetGroupName: 'public' }).subnetIds.map((id: string) => stack.resolve(id)),
      LoadBalancerAttributes: Match.arrayWith([
        { Key: 'deletion_protection.enabled', Value: 'true' },
        { Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' },
        { Key: 'access_logs.s3.enabled', Value: 'true' },
      ]),
    });
    expect(loadBalancer).toBeDefined();
  });

  test('listens with TLS 1.2+ (TLS13-1-2-Res-2021-06) on 443 and only redirects on 80', () => {
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443,
      Protocol: 'HTTPS',
      SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-Res-2021-06',
      Certificates: [{ CertificateArn: CERT_ARN }],
    });
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80,
      Protocol: 'HTTP',
      DefaultActions: [Match.objectLike({ Type: 'redirect', RedirectConfig: Match.objectLike({ Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' }) })],
    });
  });

  test('associates a REGIONAL web ACL with managed rule groups, a rate limit and encrypted logs', () => {
    t.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'REGIONAL',
      Rules: Match.arrayWith([
        Match.objectLike({ Name: 'RateLimitPerIp', Statement: { RateBasedStatement: { Limit: 1000, EvaluationWindowSec: 300, AggregateKeyType: 'IP' } } }),
        Match.objectLike({ Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesCommonRuleSet' } } }),
      ]),
    });
    t.resourceCountIs('AWS::WAFv2::WebACLAssociation', 1);
    t.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: Match.stringLikeRegexp('^aws-waf-logs-'), KmsKeyId: Match.anyValue(), RetentionInDays: 365 });
    t.resourceCountIs('AWS::WAFv2::LoggingConfiguration', 1);
  });

  test('records the deletion-protection opt-out on the load balancer', () => {
    const stack = testStack('S');
    lb(stack, { optOuts: { deletionProtection: OptOut.because(REASON) } });
    const tpl = Template.fromStack(stack);
    expect(Object.values(optOutsIn(tpl))).toEqual([[{ control: 'deletionProtection', reason: REASON }]]);
    tpl.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.arrayWith([{ Key: 'deletion_protection.enabled', Value: 'false' }]),
    });
  });

  test.each([
    [{ subnetGroupName: 'app' }, /subnetGroupName: "app" for an internet-facing load balancer \(allowed: "public"/],
    [{ internetFacing: false, subnetGroupName: 'public' }, /subnetGroupName: "public" for an internal load balancer/],
    [{ internetFacing: false, subnetGroupName: 'reporting' }, /subnetGroupName: the VPC has no subnet group "reporting"/],
    [{ sslPolicy: elbv2.SslPolicy.TLS12_EXT }, /sslPolicy: "ELBSecurityPolicy-TLS-1-2-Ext-2018-06" is weaker than ELBSecurityPolicy-TLS13-1-2-2021-06 \(allowed: /],
  ])('rejects bad props with a message naming the prop, the value and what is allowed (%#)', (props, message) => {
    expect(() => lb(testStack('S'), props)).toThrow(message);
  });
});
