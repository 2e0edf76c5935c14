import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { OptOut } from '../../../constructs/core/opt-out';
import { StaticSite } from '../../../constructs/web/static-site';
import { allPacksCheckedStack, nagErrors, optOutsIn } from '../nag';

const US_EAST_1 = { env: { account: '111111111111', region: 'us-east-1' } };
const CERT_ARN = 'arn:aws:acm:us-east-1:111111111111:certificate/11111111-2222-3333-4444-555555555555';
const REASON = 'Preview environment torn down nightly, no user data';

function site(stack: Stack, props: ConstructorParameters<typeof StaticSite>[2] = {}): StaticSite {
  return new StaticSite(stack, 'Site', {
    domainNames: ['www.example.com'],
    certificate: acm.Certificate.fromCertificateArn(stack, 'Cert', CERT_ARN),
    ...props,
  });
}

describe('StaticSite', () => {
  test('is nag-clean under AwsSolutions and NIST 800-53 R5 with no acknowledgment from the caller', () => {
    const { app, stack } = allPacksCheckedStack(US_EAST_1);
    site(stack);
    expect(nagErrors(app)).toEqual([]);
  });

  const t = (() => {
    const stack = new Stack(undefined, 'S', US_EAST_1);
    site(stack);
    return Template.fromStack(stack);
  })();

  test('serves HTTPS only with TLSv1.2_2021 over SNI, logs, and is protected by a CLOUDFRONT web ACL', () => {
    t.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['www.example.com'],
        ViewerCertificate: { AcmCertificateArn: CERT_ARN, MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' },
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https' }),
        Logging: Match.objectLike({ Bucket: Match.anyValue() }),
        WebACLId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SiteWebAcl'), 'Arn'] },
      }),
    });
    t.hasResourceProperties('AWS::WAFv2::WebACL', { Scope: 'CLOUDFRONT' });
  });

  test('reads the bucket through origin access control only', () => {
    t.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' }),
    });
    t.hasResourceProperties('AWS::S3::Bucket', { PublicAccessBlockConfiguration: Match.objectLike({ BlockPublicPolicy: true, RestrictPublicBuckets: true }) });
  });

  test('sends HSTS, CSP, nosniff, frame DENY and a strict referrer policy', () => {
    t.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: {
          StrictTransportSecurity: { AccessControlMaxAgeSec: 63072000, IncludeSubdomains: true, Preload: true, Override: true },
          ContentSecurityPolicy: { ContentSecurityPolicy: Match.stringLikeRegexp("default-src 'self'.*frame-ancestors 'none'"), Override: true },
          ContentTypeOptions: { Override: true },
          FrameOptions: { FrameOption: 'DENY', Override: true },
          ReferrerPolicy: { ReferrerPolicy: 'strict-origin-when-cross-origin', Override: true },
        },
      }),
    });
  });

  test('records the custom-certificate opt-out on the distribution and stays nag-clean', () => {
    const { app, stack } = allPacksCheckedStack(US_EAST_1);
    new StaticSite(stack, 'Preview', { optOuts: { customCertificate: OptOut.because(REASON) } });
    const template = Template.fromStack(stack);
    expect(Object.entries(optOutsIn(template))).toEqual([[expect.stringMatching(/^PreviewDistribution|^Preview/), [{ control: 'customCertificate', reason: REASON }]]]);
    expect(nagErrors(app)).toEqual([]);
  });

  test('uses a web ACL ARN passed from a us-east-1 stack when the site lives in another region', () => {
    const stack = new Stack(undefined, 'EU', { env: { account: '111111111111', region: 'eu-west-1' } });
    const arn = 'arn:aws:wafv2:us-east-1:111111111111:global/webacl/site/abc';
    site(stack, { webAclArn: arn });
    const tpl = Template.fromStack(stack);
    tpl.resourceCountIs('AWS::WAFv2::WebACL', 0);
    tpl.hasResourceProperties('AWS::CloudFront::Distribution', { DistributionConfig: Match.objectLike({ WebACLId: arn }) });
  });

  test.each([
    [US_EAST_1, { certificate: undefined }, /certificate: none given, domainNames: \["www\.example\.com"\] \(allowed: a us-east-1 ACM certificate/],
    [{ env: { account: '111111111111', region: 'eu-west-1' } }, {}, /webAclArn: none given and the stack's region is "eu-west-1" \(allowed: the ARN of a CLOUDFRONT web ACL/],
    [{}, {}, /webAclArn: none given and the stack's region is not set/],
  ])('rejects bad props with a message naming the prop, the value and what is allowed (%#)', (stackProps, props, message) => {
    expect(() => site(new Stack(undefined, 'S', stackProps), props)).toThrow(message);
  });
});
