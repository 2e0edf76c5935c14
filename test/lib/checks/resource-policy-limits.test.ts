import { DOCUMENT_QUOTAS, documentSize, knownNames, resolveForSize, resourcePolicyLimitsRule } from '../../../lib/checks/resource-policy-limits';
import type { SynthesizedStack } from '../../../lib/template';

const stack = (resources: Record<string, unknown>): SynthesizedStack => ({ stackPath: 'S', templatePath: '', template: { Resources: resources } as any });
const accounts = (n: number) => Array.from({ length: n }, (_, i) => String(100000000000 + i));
/** A bucket policy admitting log deliveries from `n` enumerated accounts, as the ELB bucket's legacy grant would. */
const bucketPolicy = (n: number) => ({
  Type: 'AWS::S3::BucketPolicy',
  Properties: {
    Bucket: { Ref: 'Bucket' },
    PolicyDocument: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::156460612806:root' },
          Action: 's3:PutObject',
          Resource: accounts(n).map((a) => ({ 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Bucket', 'Arn'] }, `/AWSLogs/${a}/*`]] })),
        },
      ],
    },
  },
});

describe('LZ-ResourcePolicyLimits', () => {
  test('deploy-time values count at their longest: an account ID at 12, a resource ARN at 128 characters', () => {
    expect(resolveForSize({ 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root' })).toBe('arn:aws-us-gov:iam::123456789012:root');
    expect(documentSize({ 'Fn::GetAtt': ['Bucket', 'Arn'] }, 'bytes')).toBe(128);
    expect(documentSize({ a: ' b c ' }, 'non-whitespace')).toBe(10); // {"a":"bc"}: IAM does not count white space
  });

  test('a bucket the template names literally counts at its real ARN, not at the longest guess', () => {
    const named = { Bucket: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'acme-elb-logs-222222222222-eu-west-1' } } };
    const policy = bucketPolicy(140).Properties.PolicyDocument;
    expect(documentSize(policy, 'bytes', knownNames(named))).toBeLessThan(documentSize(policy, 'bytes'));
    expect(resolveForSize({ 'Fn::GetAtt': ['Bucket', 'Arn'] }, knownNames(named))).toBe('arn:aws-us-gov:s3:::acme-elb-logs-222222222222-eu-west-1');
    // 140 accounts fit beside the named bucket; with an unknown bucket the same policy would not.
    expect(resourcePolicyLimitsRule.check([stack({ ...named, P: bucketPolicy(140) })])).toEqual([]);
    expect(resourcePolicyLimitsRule.check([stack({ P: bucketPolicy(140) })])).toHaveLength(1);
  });

  test('a bucket policy listing 100 accounts passes; the same policy for 200 accounts exceeds S3\'s 20 KB and names it', () => {
    expect(resourcePolicyLimitsRule.check([stack({ Small: bucketPolicy(100) })])).toEqual([]);
    const [finding, ...rest] = resourcePolicyLimitsRule.check([stack({ Archive: bucketPolicy(200) })]);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ stackPath: 'S', logicalId: 'Archive' });
    expect(finding.message).toMatch(/^bucket policy is about \d{5} bytes with deploy-time values at their longest; AWS::S3::BucketPolicy allows 20480/);
  });

  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html: a role's inline policies count
  // together (10,240 characters, white space not counted), so two that fit alone can fail together.
  test('a role\u2019s inline policies are summed: its own Policies plus every AWS::IAM::Policy naming it', () => {
    const doc = (n: number) => ({ Version: '2012-10-17', Statement: [{ Sid: 'x'.repeat(n) }] });
    const role = (own: number) => ({ Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: doc(10), Policies: [{ PolicyName: 'own', PolicyDocument: doc(own) }] } });
    const attached = (n: number) => ({ Type: 'AWS::IAM::Policy', Properties: { PolicyName: 'more', Roles: [{ Ref: 'Role' }], PolicyDocument: doc(n) } });
    expect(resourcePolicyLimitsRule.check([stack({ Role: role(5000), P: attached(5000) })])).toEqual([]);
    const findings = resourcePolicyLimitsRule.check([stack({ Role: role(6000), P: attached(5000) })]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ logicalId: 'Role' });
    expect(findings[0].message).toMatch(/^the role's inline policies are about 110\d\d characters .* IAM allows 10240 .*reference_iam-quotas.*managed policy/);
  });

  test('every quota names the page that states it', () => {
    for (const q of DOCUMENT_QUOTAS) expect({ type: q.type, source: q.source }).toEqual({ type: q.type, source: expect.stringMatching(/^https:\/\/docs\.aws\.amazon\.com\/\S+ \(.+\)$/) });
    expect(DOCUMENT_QUOTAS.map((q) => q.type)).toEqual(expect.arrayContaining([
      'AWS::S3::BucketPolicy', 'AWS::KMS::Key', 'AWS::SNS::TopicPolicy', 'AWS::SQS::QueuePolicy', 'AWS::SQS::QueueInlinePolicy', 'AWS::IAM::ManagedPolicy',
      'AWS::IAM::Role', 'AWS::IAM::Policy', 'AWS::Events::Rule', 'AWS::Events::EventBusPolicy', 'AWS::Lambda::Function', 'AWS::Logs::ResourcePolicy', 'AWS::SecretsManager::ResourcePolicy',
    ]));
  });

  test('each quota applies to its own resource type and property', () => {
    const padded = (n: number) => ({ Version: '2012-10-17', Statement: [{ Sid: 'x'.repeat(n) }] });
    for (const q of DOCUMENT_QUOTAS) {
      const props = q.property.reduceRight<unknown>((inner, key) => ({ [key]: inner }), padded(q.limit));
      const findings = resourcePolicyLimitsRule.check([stack({ R: { Type: q.type, Properties: props } })]);
      expect({ type: q.type, findings: findings.length }).toEqual({ type: q.type, findings: 1 });
      const fits = q.property.reduceRight<unknown>((inner, key) => ({ [key]: inner }), padded(q.limit - 200));
      expect(resourcePolicyLimitsRule.check([stack({ R: { Type: q.type, Properties: fits } })])).toEqual([]);
    }
  });

  test('a queue policy is held to SQS\'s 8,192 bytes, not to the bucket policy\'s 20 KB', () => {
    const queue = { Type: 'AWS::SQS::QueuePolicy', Properties: { PolicyDocument: bucketPolicy(60).Properties.PolicyDocument, Queues: [] } };
    expect(documentSize(queue.Properties.PolicyDocument, 'bytes')).toBeGreaterThan(8192);
    expect(resourcePolicyLimitsRule.check([stack({ Q: queue })])[0].message).toMatch(/AWS::SQS::QueuePolicy allows 8192/);
  });
});
