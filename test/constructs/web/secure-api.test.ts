import type { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SecureFunction } from '../../../constructs/compute/secure-function';
import { SecureUserPool } from '../../../constructs/identity/secure-user-pool';
import { API_ACCESS_LOG_FIELDS, SecureApi } from '../../../constructs/web/secure-api';
import { allPacksCheckedStack, nagErrors, testStack, tieredVpcFixture } from '../nag';

const CERT = 'arn:aws:acm:eu-west-1:111111111111:certificate/00000000-0000-0000-0000-000000000004';

function frontDoor(stack: Stack, props: Partial<ConstructorParameters<typeof SecureApi>[2]> = {}): SecureApi {
  const signIn = new SecureUserPool(stack, 'SignIn', { callbackUrls: ['https://www.example.com/callback'] });
  const api = new SecureApi(stack, 'Api', { userPool: signIn, ...props });
  const orders = new SecureFunction(stack, 'OrdersFn', {
    vpc: tieredVpcFixture(stack),
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200, body: "[]" });'),
  });
  api.addRoute('/orders', 'GET', new apigateway.LambdaIntegration(orders.function));
  api.addRoute('/orders/{id}', 'GET', new apigateway.LambdaIntegration(orders.function), { scopes: ['orders/read'] });
  return api;
}

describe('SecureApi', () => {
  test('its resources are nag-clean under all four packs with a Lambda back end in the app tier', () => {
    const { app, stack } = allPacksCheckedStack();
    frontDoor(stack, { customDomain: { domainName: 'api.example.com', certificate: acm.Certificate.fromCertificateArn(stack, 'Cert', CERT) } });
    // The VPC fixture has HIPAA/PCI findings of its own (internet-gateway routes of the public tier).
    expect(nagErrors(app).filter((f) => !/: Product\/Network\//.test(f))).toEqual([]);
  });

  test('serves TLS 1.3 (and 1.2 with forward secrecy) in strict endpoint mode, on the custom domain only', () => {
    const stack = testStack('S');
    frontDoor(stack, { customDomain: { domainName: 'api.example.com', certificate: acm.Certificate.fromCertificateArn(stack, 'Cert', CERT) } });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::ApiGateway::RestApi', {
      EndpointConfiguration: { Types: ['REGIONAL'] },
      SecurityPolicy: 'SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09',
      EndpointAccessMode: 'STRICT',
      DisableExecuteApiEndpoint: true,
    });
    t.hasResourceProperties('AWS::ApiGateway::DomainName', {
      DomainName: 'api.example.com',
      SecurityPolicy: 'SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09',
      EndpointAccessMode: 'STRICT',
    });
  });

  test('puts every route behind the Cognito authorizer and the request validator', () => {
    const t = Template.fromStack(((s) => (frontDoor(s), s))(testStack('S')));
    const methods = Object.values<any>(t.findResources('AWS::ApiGateway::Method'));
    expect(methods).toHaveLength(2);
    for (const m of methods) {
      expect(m.Properties).toMatchObject({ AuthorizationType: 'COGNITO_USER_POOLS', AuthorizerId: expect.anything(), RequestValidatorId: expect.anything() });
    }
    expect(methods.map((m) => m.Properties.AuthorizationScopes)).toEqual([undefined, ['orders/read']]);
    t.hasResourceProperties('AWS::ApiGateway::RequestValidator', { ValidateRequestBody: true, ValidateRequestParameters: true });
    t.hasResourceProperties('AWS::ApiGateway::Authorizer', { Type: 'COGNITO_USER_POOLS' });
  });

  test('throttles, traces and logs access as JSON to an encrypted retained group, execution logs without request data', () => {
    const t = Template.fromStack(((s) => (frontDoor(s), s))(testStack('S')));
    t.hasResourceProperties('AWS::ApiGateway::Stage', {
      TracingEnabled: true,
      ClientCertificateId: Match.anyValue(),
      AccessLogSetting: { DestinationArn: Match.anyValue(), Format: JSON.stringify(API_ACCESS_LOG_FIELDS) },
      MethodSettings: [
        Match.objectLike({ HttpMethod: '*', ResourcePath: '/*', LoggingLevel: 'ERROR', DataTraceEnabled: false, ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 }),
      ],
    });
    t.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Retain', Properties: { RetentionInDays: 365, KmsKeyId: Match.anyValue() } });
    expect(Object.keys(API_ACCESS_LOG_FIELDS)).toEqual(expect.arrayContaining(['ip', 'subject', 'status', 'tlsVersion', 'wafStatus']));
  });

  test('associates a REGIONAL web ACL with the stage', () => {
    const t = Template.fromStack(((s) => (frontDoor(s), s))(testStack('S')));
    t.hasResourceProperties('AWS::WAFv2::WebACL', { Scope: 'REGIONAL' });
    t.hasResourceProperties('AWS::WAFv2::WebACLAssociation', { ResourceArn: Match.anyValue() });
  });

  test('sets the account logging role once per stack, assumable only by API Gateway of this account', () => {
    const stack = testStack('S');
    frontDoor(stack);
    new SecureApi(stack, 'Admin', { userPool: stack.node.findChild('SignIn') as SecureUserPool }).addRoute('/x', 'GET', new apigateway.MockIntegration());
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::ApiGateway::Account', 1);
    t.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'apigateway.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } } })] },
    });
  });

  // CT.LAMBDA.PR.2 (@cdklabs/cdk-validator-cfnguard rules/control-tower/cfn-guard/lambda/ct-lambda-pr-2.guard) wants a
  // service principal's permission to carry SourceAccount or a literal/GetAtt SourceArn (CDK's is an Fn::Join).
  // https://docs.aws.amazon.com/lambda/latest/api/API_AddPermission.html (SourceAccount, SourceArn)
  test('lets API Gateway invoke a route function only for its own method and account', () => {
    const stack = testStack('S');
    frontDoor(stack);
    const permissions = Object.values<any>(Template.fromStack(stack).findResources('AWS::Lambda::Permission'));
    expect(permissions.length).toBeGreaterThan(0);
    for (const p of permissions) {
      expect(p.Properties).toMatchObject({ Principal: 'apigateway.amazonaws.com', SourceAccount: '111111111111' });
      expect(JSON.stringify(p.Properties.SourceArn)).toContain('/GET/orders');
    }
  });

  test.each([
    [{ securityPolicy: apigateway.SecurityPolicy.TLS_1_2 }, /SecureApi S\/Api: securityPolicy: "TLS_1_2" is not allowed \(allowed: SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09/],
    [{ throttlingRateLimit: 0 }, /throttlingRateLimit: 0 is not allowed/],
    [{ throttlingBurstLimit: 0.5 }, /throttlingBurstLimit: 0\.5 is not allowed/],
  ])('rejects bad props with a message naming the prop, the value and what is allowed (%#)', (props, message) => {
    expect(() => frontDoor(testStack('S'), props)).toThrow(message);
  });
});

describe('SecureApi.addPrivateRoute', () => {
  const NLB_ARN = 'arn:aws:elasticloadbalancing:eu-west-1:111111111111:loadbalancer/net/orders-internal/0123456789abcdef';

  test('its private route is nag-clean under all four packs', () => {
    const { app, stack } = allPacksCheckedStack();
    const api = frontDoor(stack);
    const nlb = elbv2.NetworkLoadBalancer.fromNetworkLoadBalancerAttributes(stack, 'Nlb', { loadBalancerArn: NLB_ARN });
    api.addPrivateRoute('/billing', 'GET', { loadBalancer: nlb, url: 'https://billing.internal.example.com/billing' });
    expect(nagErrors(app).filter((f) => /: Product\/Api\//.test(f))).toEqual([]);
  });

  test('proxies to the internal NLB through one VPC link, over HTTPS, behind the authorizer', () => {
    const stack = testStack('V');
    const api = frontDoor(stack);
    const nlb = elbv2.NetworkLoadBalancer.fromNetworkLoadBalancerAttributes(stack, 'Nlb', { loadBalancerArn: NLB_ARN });
    api.addPrivateRoute('/billing', 'GET', { loadBalancer: nlb, url: 'https://billing.internal.example.com/billing' });
    api.addPrivateRoute('/billing/{id}', 'GET', { loadBalancer: nlb, url: 'https://billing.internal.example.com/billing/{id}' });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::ApiGateway::VpcLink', 1);
    t.hasResourceProperties('AWS::ApiGateway::VpcLink', { TargetArns: [NLB_ARN] });
    t.hasResourceProperties('AWS::ApiGateway::Method', {
      AuthorizationType: 'COGNITO_USER_POOLS',
      Integration: Match.objectLike({ Type: 'HTTP_PROXY', ConnectionType: 'VPC_LINK', Uri: 'https://billing.internal.example.com/billing', ConnectionId: { Ref: Match.stringLikeRegexp('^ApiVpcLink0') } }),
    });
  });

  test('refuses a plain-HTTP private back end', () => {
    const stack = testStack('P');
    const api = frontDoor(stack);
    const nlb = elbv2.NetworkLoadBalancer.fromNetworkLoadBalancerAttributes(stack, 'Nlb', { loadBalancerArn: NLB_ARN });
    expect(() => api.addPrivateRoute('/billing', 'GET', { loadBalancer: nlb, url: 'http://billing.internal.example.com/billing' })).toThrow(
      /SecureApi P\/Api: addPrivateRoute\(\/billing\)\.url: "http:\/\/billing\.internal\.example\.com\/billing" is not allowed \(allowed: an https:\/\/ URL/,
    );
  });
});
