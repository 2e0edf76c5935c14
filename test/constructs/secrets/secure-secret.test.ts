import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { OptOut } from '../../../constructs/core/opt-out';
import { SecureSecret } from '../../../constructs/secrets/secure-secret';
import { allPacksCheckedStack, nagErrors, optOutsIn, TEST_ENV, tieredVpcFixture } from '../nag';

const REASON = 'Issued by the payment partner, reissued by hand when they rotate it';

describe('SecureSecret', () => {
  test('is nag-clean under all four packs with hosted rotation and with rotation opted out', () => {
    const { app, stack } = allPacksCheckedStack();
    new SecureSecret(stack, 'DbUser', {
      generateSecretString: { secretStringTemplate: '{"username":"app"}', generateStringKey: 'password', excludePunctuation: true },
      hostedRotation: secretsmanager.HostedRotation.postgreSqlSingleUser(),
    });
    new SecureSecret(stack, 'PartnerKey', { optOuts: { rotation: OptOut.because(REASON) } });
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
