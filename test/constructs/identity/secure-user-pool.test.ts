import { Duration, SecretValue, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { OptOut } from '../../../constructs/core/opt-out';
import { SecureUserPool } from '../../../constructs/identity/secure-user-pool';
import { allPacksCheckedStack, nagErrors, optOutsIn, TEST_ENV } from '../nag';

const CALLBACK = 'https://www.example.com/callback';
const ACME_SAML = { metadataUrl: 'https://login.acme.example/federationmetadata/2007-06/federationmetadata.xml', identifiers: ['acme.example'] };

function template(props: Partial<ConstructorParameters<typeof SecureUserPool>[2]> = {}): Template {
  const stack = new Stack(undefined, 'S', { env: TEST_ENV });
  new SecureUserPool(stack, 'SignIn', { callbackUrls: [CALLBACK], ...props });
  return Template.fromStack(stack);
}

describe('SecureUserPool', () => {
  test('is nag-clean under all four packs, also with MFA made optional', () => {
    const { app, stack } = allPacksCheckedStack();
    new SecureUserPool(stack, 'SignIn', { callbackUrls: [CALLBACK], samlProviders: { AcmeCorp: ACME_SAML } });
    new SecureUserPool(stack, 'Consumers', {
      callbackUrls: [CALLBACK],
      optOuts: { mfaRequired: OptOut.because('Tenants choose MFA during onboarding; TOTP offered to every user') },
    });
    expect(nagErrors(app)).toEqual([]);
  });

  test('requires MFA by authenticator app, a 14-character password of four classes, and enforces threat protection', () => {
    template().hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        MfaConfiguration: 'ON',
        EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
        Policies: Match.objectLike({
          PasswordPolicy: {
            MinimumLength: 14,
            RequireLowercase: true,
            RequireUppercase: true,
            RequireNumbers: true,
            RequireSymbols: true,
            TemporaryPasswordValidityDays: 3,
            PasswordHistorySize: 5,
          },
        }),
        UserPoolTier: 'PLUS',
        UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        DeletionProtection: 'ACTIVE',
        AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
      }),
    });
  });

  test('gives the front end a secretless code-grant client with 15-minute tokens and 8-hour sessions', () => {
    template().hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
      CallbackURLs: [CALLBACK],
      AccessTokenValidity: 15,
      IdTokenValidity: 15,
      RefreshTokenValidity: 480,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'minutes' },
      PreventUserExistenceErrors: 'ENABLED',
      EnableTokenRevocation: true,
    });
  });

  test('signs a B2B customer in through its SAML or OIDC directory, the client secret from Secrets Manager', () => {
    const t = template({
      samlProviders: { AcmeCorp: ACME_SAML },
      oidcProviders: { Globex: { issuerUrl: 'https://login.globex.example', clientId: 'cognito', clientSecret: SecretValue.secretsManager('globex/oidc') } },
    });
    t.hasResourceProperties('AWS::Cognito::UserPoolIdentityProvider', {
      ProviderName: 'AcmeCorp',
      ProviderType: 'SAML',
      ProviderDetails: { MetadataURL: ACME_SAML.metadataUrl, IDPSignout: false },
      IdpIdentifiers: ['acme.example'],
    });
    t.hasResourceProperties('AWS::Cognito::UserPoolIdentityProvider', {
      ProviderName: 'Globex',
      ProviderType: 'OIDC',
      ProviderDetails: Match.objectLike({ client_secret: '{{resolve:secretsmanager:globex/oidc:SecretString:::}}' }),
    });
    t.hasResourceProperties('AWS::Cognito::UserPoolClient', { SupportedIdentityProviders: ['COGNITO', 'AcmeCorp', 'Globex'] });
  });

  test('puts the hosted UI behind the custom domain', () => {
    const stack = new Stack(undefined, 'S', { env: TEST_ENV });
    const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:us-east-1:111111111111:certificate/00000000-0000-0000-0000-000000000003');
    new SecureUserPool(stack, 'SignIn', { callbackUrls: [CALLBACK], customDomain: { domainName: 'auth.example.com', certificate } });
    Template.fromStack(stack).hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: 'auth.example.com',
      CustomDomainConfig: { CertificateArn: certificate.certificateArn },
    });
  });

  test('records the opt-outs with their reasons', () => {
    const reason = 'Consumer shop: customers register themselves at checkout';
    const t = template({ optOuts: { selfSignUpDisabled: OptOut.because(reason) } });
    t.hasResourceProperties('AWS::Cognito::UserPool', { AdminCreateUserConfig: { AllowAdminCreateUserOnly: false } });
    expect(Object.values(optOutsIn(t))).toEqual([[{ control: 'selfSignUpDisabled', reason }]]);
  });

  test.each([
    [{ callbackUrls: ['http://www.example.com/callback'] }, /SecureUserPool S\/SignIn: callbackUrls\/logoutUrls: "http:\/\/www\.example\.com\/callback" is not allowed \(allowed: https:\/\/ URLs only/],
    [{ tokenValidity: Duration.hours(2) }, /tokenValidity: 120 minutes is not allowed \(allowed: whole minutes, 5 to 60 minutes\)/],
    [{ refreshTokenValidity: Duration.days(90) }, /refreshTokenValidity: 129600 minutes is not allowed \(allowed: whole minutes, 1 hour to 30 days\)/],
    [{ callbackUrls: [] }, /callbackUrls: none given/],
    [{ optOuts: { mfaRequired: OptOut.because('no') } }, /optOuts\.mfaRequired\.reason: "no" is not a reason/],
  ])('rejects bad props with a message naming the prop, the value and what is allowed (%#)', (props, message) => {
    expect(() => template(props)).toThrow(message);
  });
});
