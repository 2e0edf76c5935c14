import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as iam from 'aws-cdk-lib/aws-iam';
import { OptOut } from '../../../constructs/core/opt-out';
import { decide } from '../../policy-simulator';
import { SecureSecret } from '../../../constructs/secrets/secure-secret';
import { allPacksCheckedStack, nagErrors, optOutsIn, TEST_ENV, tieredVpcFixture } from '../nag';

const REASON = 'Issued by the payment partner, reissued by hand when they rotate it';

describe('SecureSecret', () => {
  test('is nag-clean under all four packs with hosted rotation and with rotation opted out, named readers and a replica', () => {
    const { app, stack } = allPacksCheckedStack();
    new SecureSecret(stack, 'DbUser', {
      generateSecretString: { secretStringTemplate: '{"username":"app"}', generateStringKey: 'password', excludePunctuation: true },
      hostedRotation: secretsmanager.HostedRotation.postgreSqlSingleUser(),
    });
    new SecureSecret(stack, 'PartnerKey', {
      optOuts: { rotation: OptOut.because(REASON) },
      readers: [iam.Role.fromRoleArn(stack, 'Reader', 'arn:aws:iam::111111111111:role/orders-execution', { mutable: false })],
      replicas: [{ region: 'eu-central-1', encryptionKeyArn: 'arn:aws:kms:eu-central-1:111111111111:key/11111111-2222-3333-4444-555555555555' }],
    });
    expect(nagErrors(app)).toEqual([]);
  });

  test('encrypts with a rotating customer-managed key, generates the value and is retained', () => {
    const stack = new Stack(undefined, 'S', { env: TEST_ENV });
    new SecureSecret(stack, 'PartnerKey', { optOuts: { rotation: OptOut.because(REASON) } });
    const t = Template.fromStack(stack);
    const [keyId] = Object.keys(t.findResources('AWS::KMS::Key'));
    t.hasResource('AWS::SecretsManager::Secret', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
        GenerateSecretString: { PasswordLength: 32, ExcludePunctuation: true },
        SecretString: Match.absent(),
      }),
    });
    t.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain', Properties: Match.objectLike({ EnableKeyRotation: true }) });
    t.resourceCountIs('AWS::SecretsManager::RotationSchedule', 0);
    expect(Object.values(optOutsIn(t))).toEqual([[{ control: 'rotation', reason: REASON }]]);
  });

  test('rotates a database secret every 30 days with the hosted rotation, in the VPC it is given', () => {
    const stack = new Stack(undefined, 'S', { env: TEST_ENV });
    const vpc = tieredVpcFixture(stack);
    new SecureSecret(stack, 'DbUser', { hostedRotation: secretsmanager.HostedRotation.postgreSqlSingleUser({ vpc, vpcSubnets: { subnetGroupName: 'app' } }) });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      HostedRotationLambda: Match.objectLike({ RotationType: 'PostgreSQLSingleUser', VpcSubnetIds: Match.anyValue() }),
      RotationRules: { ScheduleExpression: 'rate(30 days)' },
    });
  });

  test.each([
    [{}, /SecureSecret S\/Secret: rotation: none given \(allowed: hostedRotation for a database secret, rotationFunction for any other, or optOuts\.rotation with a reason\)/],
    [
      { hostedRotation: secretsmanager.HostedRotation.mysqlSingleUser(), optOuts: { rotation: OptOut.because(REASON) } },
      /rotation: more than one of hostedRotation, rotationFunction and optOuts\.rotation given \(allowed: exactly one\)/,
    ],
    [{ hostedRotation: secretsmanager.HostedRotation.mysqlSingleUser(), rotateEvery: Duration.hours(12) }, /rotateEvery: 0\.5 days is not allowed \(allowed: a whole number of days from 1 to 1000\)/],
  ])('rejects bad props with a message naming the prop, the value and what is allowed (%#)', (props, message) => {
    expect(() => new SecureSecret(new Stack(undefined, 'S'), 'Secret', props)).toThrow(message);
  });
});

describe('SecureSecret readers and replicas', () => {
  const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:PartnerKey-AbCdEf';
  const READER = 'arn:aws:iam::111111111111:role/orders-execution';
  const ADMIN = 'arn:aws:iam::111111111111:role/AdministratorAccess';
  const ADMIN_IDENTITY = [{ Effect: 'Allow', Action: 'secretsmanager:*', Resource: '*' }];

  function policyOf(readers: string[]) {
    const stack = new Stack(undefined, 'S', { env: TEST_ENV });
    new SecureSecret(stack, 'PartnerKey', {
      optOuts: { rotation: OptOut.because(REASON) },
      readers: readers.map((arn, i) => iam.Role.fromRoleArn(stack, `Reader${i}`, arn)),
    });
    const [p] = Object.values<any>(Template.fromStack(stack).findResources('AWS::SecretsManager::ResourcePolicy'));
    return p?.Properties.ResourcePolicy;
  }

  // The request a task start makes: the ECS agent calls GetSecretValue with the execution role's credentials.
  // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html
  // https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html
  test('the named reader still reads; an administrator of the same account is denied by the resource policy', async () => {
    const policy = policyOf([READER]);
    const req = (principal: string) => ({
      principal,
      action: 'secretsmanager:GetSecretValue',
      resource: SECRET_ARN,
      resourceAccount: '111111111111',
      context: { 'aws:PrincipalArn': principal },
      identityStatements: ADMIN_IDENTITY,
    });
    expect(await decide(policy, req(READER))).toBe('Allowed');
    expect(await decide(policy, req(ADMIN))).toBe('ExplicitlyDenied');
    // Control: without the readers' statement the administrator reads the value.
    expect(await decide({ Version: '2012-10-17', Statement: [] }, req(ADMIN))).toBe('Allowed');
  });

  test('adds no resource policy when no reader is named', () => {
    expect(policyOf([])).toBeUndefined();
  });

  test('replicates to a second region with that region\'s customer-managed key', () => {
    const stack = new Stack(undefined, 'S', { env: TEST_ENV });
    const keyArn = 'arn:aws:kms:eu-central-1:111111111111:key/11111111-2222-3333-4444-555555555555';
    new SecureSecret(stack, 'PartnerKey', { optOuts: { rotation: OptOut.because(REASON) }, replicas: [{ region: 'eu-central-1', encryptionKeyArn: keyArn }] });
    Template.fromStack(stack).hasResourceProperties('AWS::SecretsManager::Secret', { ReplicaRegions: [{ Region: 'eu-central-1', KmsKeyId: keyArn }] });
  });

  test.each([
    [{ replicas: [{ region: 'eu-west-1', encryptionKeyArn: 'arn:aws:kms:eu-west-1:111111111111:key/x' }] }, /replicas\[0\]\.region: "eu-west-1" is the secret's own region \(allowed: a second governed region\)/],
    [{ replicas: [{ region: 'eu-central-1', encryptionKeyArn: 'alias/aws/secretsmanager' }] }, /replicas\[0\]\.encryptionKeyArn: "alias\/aws\/secretsmanager" is not allowed \(allowed: the ARN of a customer-managed key/],
    [{ replicas: [{ region: 'eu-central-1', encryptionKeyArn: 'arn:aws:kms:eu-west-1:111111111111:key/x' }] }, /replicas\[0\]\.encryptionKeyArn: the key is in eu-west-1, not in eu-central-1/],
  ])('rejects a bad replica with a message naming it (%#)', (props, message) => {
    expect(() => new SecureSecret(new Stack(undefined, 'S', { env: TEST_ENV }), 'Secret', { optOuts: { rotation: OptOut.because(REASON) }, ...props })).toThrow(message);
  });

  test('refuses named readers with hosted rotation, whose role it cannot name', () => {
    const stack = new Stack(undefined, 'S', { env: TEST_ENV });
    expect(() => new SecureSecret(stack, 'Db', { hostedRotation: secretsmanager.HostedRotation.postgreSqlSingleUser(), readers: [iam.Role.fromRoleArn(stack, 'R', READER)] })).toThrow(
      /readers: given with hostedRotation \(allowed: readers with rotationFunction or optOuts\.rotation/,
    );
  });
});
