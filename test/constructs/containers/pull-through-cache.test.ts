import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { PullThroughCache } from '../../../constructs/containers/pull-through-cache';
import { SecureContainerRepository } from '../../../constructs/containers/secure-container-repository';
import { allPacksCheckedStack, nagErrors, TEST_ENV } from '../nag';

const ORG = 'o-a1b2c3d4e5';

function template(props: Partial<ConstructorParameters<typeof PullThroughCache>[2]> = {}): Template {
  const stack = new Stack(undefined, 'S', { env: TEST_ENV });
  new PullThroughCache(stack, 'PublicImages', { upstream: 'ecr-public', organizationId: ORG, ...props });
  return Template.fromStack(stack);
}

describe('PullThroughCache', () => {
  test('is nag-clean under all four packs', () => {
    const { app, stack } = allPacksCheckedStack();
    new PullThroughCache(stack, 'PublicImages', { upstream: 'ecr-public', organizationId: ORG });
    new PullThroughCache(stack, 'Quay', { upstream: 'quay', organizationId: ORG });
    expect(nagErrors(app)).toEqual([]);
  });

  test('mirrors the public registry without credentials under the prefix', () => {
    const t = template();
    t.hasResourceProperties('AWS::ECR::PullThroughCacheRule', { EcrRepositoryPrefix: 'ecr-public', UpstreamRegistryUrl: 'public.ecr.aws', CredentialArn: Match.absent() });
  });

  test('creates cached repositories with the settings and repository policy of SecureContainerRepository', () => {
    const stack = new Stack(undefined, 'S', { env: TEST_ENV });
    new PullThroughCache(stack, 'PublicImages', { upstream: 'ecr-public', organizationId: ORG });
    new SecureContainerRepository(stack, 'Images', { organizationId: ORG });
    const t = Template.fromStack(stack);
    const [repo] = Object.values<any>(t.findResources('AWS::ECR::Repository'));
    const [tpl] = Object.values<any>(t.findResources('AWS::ECR::RepositoryCreationTemplate'));
    expect(tpl.Properties).toMatchObject({ Prefix: 'ecr-public', AppliedFor: ['PULL_THROUGH_CACHE'], ImageTagMutability: 'IMMUTABLE', EncryptionConfiguration: { EncryptionType: 'KMS' } });
    expect(JSON.parse(tpl.Properties.LifecyclePolicy)).toEqual(JSON.parse(repo.Properties.LifecyclePolicy.LifecyclePolicyText));
    expect(JSON.parse(tpl.Properties.RepositoryPolicy).Statement).toEqual(repo.Properties.RepositoryPolicyText.Statement);
  });

  test('lets ECR create repositories under the prefix only, with grants on the one key', () => {
    const t = template();
    const [policy] = Object.values<any>(t.findResources('AWS::IAM::ManagedPolicy'));
    expect(policy.Properties.PolicyDocument.Statement).toEqual([
      expect.objectContaining({ Action: ['ecr:CreateRepository', 'ecr:TagResource'], Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ecr:eu-west-1:111111111111:repository/ecr-public/*']] } }),
      expect.objectContaining({ Action: ['kms:CreateGrant', 'kms:RetireGrant', 'kms:DescribeKey'], Resource: { 'Fn::GetAtt': [expect.stringMatching(/^PublicImagesKey/), 'Arn'] } }),
    ]);
    t.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'ecr.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } } })] },
    });
  });

  test.each([
    [{ upstream: 'docker-hub' as any }, /PullThroughCache S\/PublicImages: upstream: "docker-hub" is not allowed \(allowed: ecr-public, quay, k8s\)/],
    [{ repositoryPrefix: 'a/b' }, /repositoryPrefix: "a\/b" is not allowed/],
    [{ organizationId: 'acme' }, /organizationId: "acme" is not allowed/],
    [{ keepImages: 0 }, /keepImages: 0 is not allowed/],
  ])('rejects bad props with a message naming the prop, the value and what is allowed (%#)', (props, message) => {
    expect(() => template(props)).toThrow(message);
  });
});
