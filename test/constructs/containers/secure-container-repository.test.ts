import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { SecureContainerRepository } from '../../../constructs/containers/secure-container-repository';
import { OptOut } from '../../../constructs/core/opt-out';
import { resolveIntrinsics } from '../../cfn-resolve';
import { decide } from '../../policy-simulator';
import { allPacksCheckedStack, nagErrors, optOutsIn, TEST_ENV } from '../nag';

const ORG = 'o-a1b2c3d4e5';
const WORKLOAD_ACCOUNT = '222222222222';
const REPO_ARN = `arn:aws:ecr:eu-west-1:${TEST_ENV.account}:repository/team/api`;

function template(props: Partial<ConstructorParameters<typeof SecureContainerRepository>[2]> = {}): Template {
  const stack = new Stack(undefined, 'S', { env: TEST_ENV });
  new SecureContainerRepository(stack, 'Images', { repositoryName: 'team/api', organizationId: ORG, ...props });
  return Template.fromStack(stack);
}

function repositoryPolicy(t: Template): any {
  const [repo] = Object.values<any>(t.findResources('AWS::ECR::Repository'));
  return resolveIntrinsics(repo.Properties.RepositoryPolicyText, t.toJSON());
}

// What a container runtime sends to pull an image (docker pull / the ECS agent): BatchGetImage for the
// manifest, then GetDownloadUrlForLayer per layer. The caller's own identity policy must allow them too.
// https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policy-examples.html
// https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-pull.html
const PULL_IDENTITY = [{ Effect: 'Allow', Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'], Resource: '*' }];
const PUSH_IDENTITY = [{ Effect: 'Allow', Action: ['ecr:PutImage', 'ecr:BatchGetImage'], Resource: '*' }];

function pull(policy: any, principal: string, orgId: string | undefined, action = 'ecr:BatchGetImage', identity = PULL_IDENTITY) {
  return decide(policy, {
    principal,
    action,
    resource: REPO_ARN,
    resourceAccount: TEST_ENV.account,
    context: orgId ? { 'aws:PrincipalOrgID': orgId } : {},
    identityStatements: identity,
  });
}

describe('SecureContainerRepository', () => {
  test('is nag-clean under AwsSolutions, NIST 800-53 R5, HIPAA and PCI DSS 3.2.1, also with pull accounts and opt-outs', () => {
    const { app, stack } = allPacksCheckedStack();
    new SecureContainerRepository(stack, 'Images', { organizationId: ORG, pullAccounts: [WORKLOAD_ACCOUNT] });
    new SecureContainerRepository(stack, 'Scratch', {
      organizationId: ORG,
      optOuts: { tagImmutability: OptOut.because('Scratch builds for preview environments move latest on every push') },
    });
    expect(nagErrors(app)).toEqual([]);
  });

  test('makes tags immutable, scans on push, encrypts with a rotating customer-managed key and is retained', () => {
    const t = template();
    t.hasResource('AWS::ECR::Repository', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        ImageTagMutability: 'IMMUTABLE',
        ImageScanningConfiguration: { ScanOnPush: true },
        EncryptionConfiguration: { EncryptionType: 'KMS', KmsKey: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ImagesKey'), 'Arn'] } },
      }),
    });
    t.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain', Properties: Match.objectLike({ EnableKeyRotation: true }) });
  });

  test('keeps the newest 100 images and expires only older ones (no age rule that could expire a deployed image)', () => {
    const t = template();
    const [repo] = Object.values<any>(t.findResources('AWS::ECR::Repository'));
    expect(JSON.parse(repo.Properties.LifecyclePolicy.LifecyclePolicyText)).toEqual({
      rules: [
        {
          rulePriority: 1,
          description: 'Keep the newest 100 images',
          selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 100 },
          action: { type: 'expire' },
        },
      ],
    });
  });

  describe('repository policy limited to the organization', () => {
    const policy = repositoryPolicy(template({ pullAccounts: [WORKLOAD_ACCOUNT] }));

    test('a workload account of the organization that is named may pull', async () => {
      await expect(pull(policy, `arn:aws:iam::${WORKLOAD_ACCOUNT}:role/api-execution`, ORG)).resolves.toBe('Allowed');
      await expect(pull(policy, `arn:aws:iam::${WORKLOAD_ACCOUNT}:role/api-execution`, ORG, 'ecr:GetDownloadUrlForLayer')).resolves.toBe('Allowed');
    });

    test('a named workload account may pull but not push', async () => {
      await expect(pull(policy, `arn:aws:iam::${WORKLOAD_ACCOUNT}:role/api-execution`, ORG, 'ecr:PutImage', PUSH_IDENTITY)).resolves.not.toBe('Allowed');
    });

    test('another account of the organization that is not named may not pull', async () => {
      await expect(pull(policy, 'arn:aws:iam::333333333333:role/other', ORG)).resolves.toBe('ImplicitlyDenied');
    });

    test('a principal outside the organization is denied even with full ECR rights in its own account', async () => {
      await expect(pull(policy, 'arn:aws:iam::999999999999:role/attacker', 'o-zzzzzzzzzz')).resolves.toBe('ExplicitlyDenied');
      await expect(pull(policy, 'arn:aws:iam::999999999999:role/attacker', undefined)).resolves.toBe('ExplicitlyDenied');
    });

    test('a named account that has left the organization is denied', async () => {
      await expect(pull(policy, `arn:aws:iam::${WORKLOAD_ACCOUNT}:role/api-execution`, 'o-zzzzzzzzzz')).resolves.toBe('ExplicitlyDenied');
    });

    test('a principal of this account allowed by its identity policy (a grantPull) may pull and push', async () => {
      await expect(pull(policy, `arn:aws:iam::${TEST_ENV.account}:role/task-execution`, ORG)).resolves.toBe('Allowed');
      await expect(pull(policy, `arn:aws:iam::${TEST_ENV.account}:role/ci`, ORG, 'ecr:PutImage', PUSH_IDENTITY)).resolves.toBe('Allowed');
    });
  });

  test('records the opt-outs with their reasons and turns tags mutable only when opted out', () => {
    const reason = 'Scratch builds for preview environments move latest on every push';
    const t = template({ optOuts: { tagImmutability: OptOut.because(reason), retention: OptOut.because('Preview repository, images rebuilt from source') } });
    t.hasResource('AWS::ECR::Repository', { DeletionPolicy: 'Delete', Properties: Match.objectLike({ ImageTagMutability: 'MUTABLE' }) });
    expect(Object.values(optOutsIn(t))).toEqual([
      [
        { control: 'tagImmutability', reason },
        { control: 'retention', reason: 'Preview repository, images rebuilt from source' },
      ],
    ]);
  });

  test.each([
    [{ organizationId: 'acme' }, /SecureContainerRepository S\/Images: organizationId: "acme" is not allowed \(allowed: an AWS Organizations ID/],
    [{ pullAccounts: ['2222'] }, /pullAccounts: "2222" is not allowed \(allowed: a 12-digit AWS account ID\)/],
    [{ keepImages: 0 }, /keepImages: 0 is not allowed \(allowed: a whole number, at least 1\)/],
    [{ optOuts: { tagImmutability: OptOut.because('no') } }, /optOuts\.tagImmutability\.reason: "no" is not a reason/],
  ])('rejects bad props with a message naming the prop, the value and what is allowed (%#)', (props, message) => {
    expect(() => template(props)).toThrow(message);
  });
});
