import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { SecureFargateService } from '../../../constructs/containers/secure-fargate-service';
import { ServiceConnectAuthority } from '../../../constructs/containers/service-connect-authority';
import { allPacksCheckedStack, nagErrors, TEST_ENV, tieredVpcFixture } from '../nag';

const IMAGE = ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/nginx:1.27');

/** Two services as a product team writes them: orders calls billing over Service Connect TLS. */
function pair(stack: Stack, authority: ServiceConnectAuthority): { orders: SecureFargateService; billing: SecureFargateService } {
  const vpc = tieredVpcFixture(stack);
  const billing = new SecureFargateService(stack, 'Billing', { vpc, image: IMAGE, serviceConnect: { authority } });
  const orders = new SecureFargateService(stack, 'Orders', { vpc, image: IMAGE, serviceConnect: { authority } });
  billing.allowCallsFrom(orders);
  return { orders, billing };
}

describe('ServiceConnectAuthority', () => {
  test('is nag-clean under all four packs with two services calling each other over it', () => {
    const { app, stack } = allPacksCheckedStack();
    pair(stack, new ServiceConnectAuthority(stack, 'Mesh'));
    // The VPC fixture has HIPAA/PCI findings of its own (TieredVpc's public routes, fixed there, not here).
    const mine = nagErrors(app).filter((f) => /: Product\/(Mesh|Orders|Billing)\//.test(f));
    expect(mine).toEqual([]);
  });

  test('creates a short-lived-mode root CA ($50 a month), self-signed and activated, all retained', () => {
    const stack = new Stack(undefined, 'S', { env: TEST_ENV });
    new ServiceConnectAuthority(stack, 'Mesh');
    const t = Template.fromStack(stack);
    t.hasResource('AWS::ACMPCA::CertificateAuthority', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ Type: 'ROOT', UsageMode: 'SHORT_LIVED_CERTIFICATE', KeyAlgorithm: 'EC_prime256v1', SigningAlgorithm: 'SHA256WITHECDSA' }),
    });
    t.hasResourceProperties('AWS::ACMPCA::Certificate', { TemplateArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':acm-pca:::template/RootCACertificate/V1']] }, Validity: { Type: 'YEARS', Value: 10 } });
    t.hasResourceProperties('AWS::ACMPCA::CertificateAuthorityActivation', { Status: 'ACTIVE' });
    t.hasResourceProperties('AWS::ServiceDiscovery::HttpNamespace', { Name: 'internal' });
    t.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain', Properties: Match.objectLike({ EnableKeyRotation: true }) });
  });

  test('general-purpose mode is an explicit choice', () => {
    const stack = new Stack(undefined, 'S', { env: TEST_ENV });
    new ServiceConnectAuthority(stack, 'Mesh', { mode: 'GENERAL_PURPOSE' });
    Template.fromStack(stack).hasResourceProperties('AWS::ACMPCA::CertificateAuthority', { UsageMode: 'GENERAL_PURPOSE' });
  });

  test('uses an existing CA without creating one', () => {
    const stack = new Stack(undefined, 'S', { env: TEST_ENV });
    const arn = 'arn:aws:acm-pca:eu-west-1:111111111111:certificate-authority/11111111-2222-3333-4444-555555555555';
    const mesh = new ServiceConnectAuthority(stack, 'Mesh', { certificateAuthorityArn: arn });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::ACMPCA::CertificateAuthority', 0);
    expect(mesh.certificateAuthorityArn).toBe(arn);
  });

  test('the infrastructure role issues only from its CA and manages only the ecs-sc! secrets ECS tags, through one customer-managed policy', () => {
    const stack = new Stack(undefined, 'S', { env: TEST_ENV });
    new ServiceConnectAuthority(stack, 'Mesh');
    const t = Template.fromStack(stack);
    const [caId] = Object.keys(t.findResources('AWS::ACMPCA::CertificateAuthority'));
    t.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'ecs.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } } })] },
      ManagedPolicyArns: Match.absent(),
    });
    const [policy] = Object.values<any>(t.findResources('AWS::IAM::ManagedPolicy'));
    const statements: any[] = policy.Properties.PolicyDocument.Statement;
    const issue = statements.find((s) => ([] as string[]).concat(s.Action).includes('acm-pca:IssueCertificate'));
    expect(issue.Resource).toEqual({ 'Fn::GetAtt': [caId, 'Arn'] });
    const create = statements.find((s) => ([] as string[]).concat(s.Action).includes('secretsmanager:CreateSecret'));
    expect(create.Resource).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':secretsmanager:eu-west-1:111111111111:secret:ecs-sc!*']] });
    expect(create.Condition.StringEquals).toEqual({ 'aws:RequestTag/AmazonECSManaged': 'true' });
    t.resourceCountIs('AWS::IAM::Policy', 0);
  });

  test.each([
    [{ mode: 'CHEAP' as never }, /ServiceConnectAuthority S\/Mesh: mode: "CHEAP" is not allowed \(allowed: SHORT_LIVED_CERTIFICATE, GENERAL_PURPOSE\)/],
    [{ namespaceName: 'My Namespace' }, /namespaceName: "My Namespace" is not allowed \(allowed: 1-63 lower-case letters, digits and hyphens\)/],
    [{ mode: 'GENERAL_PURPOSE' as const, certificateAuthorityArn: 'arn:aws:acm-pca:eu-west-1:111111111111:certificate-authority/x' }, /mode: given with certificateAuthorityArn/],
  ])('rejects bad props with a message naming the prop, the value and what is allowed (%#)', (props, message) => {
    expect(() => new ServiceConnectAuthority(new Stack(undefined, 'S'), 'Mesh', props)).toThrow(message);
  });
});

describe('SecureFargateService over Service Connect', () => {
  test('registers in the namespace with TLS from the authority and logs the proxy to its encrypted group', () => {
    const stack = new Stack(undefined, 'S', { env: TEST_ENV });
    const mesh = new ServiceConnectAuthority(stack, 'Mesh');
    const { billing } = pair(stack, mesh);
    const t = Template.fromStack(stack);
    const [caId] = Object.keys(t.findResources('AWS::ACMPCA::CertificateAuthority'));
    t.hasResourceProperties('AWS::ECS::Service', {
      ServiceConnectConfiguration: Match.objectLike({
        Enabled: true,
        Namespace: { 'Fn::GetAtt': [Match.stringLikeRegexp('^MeshNamespace'), 'Arn'] },
        Services: [
          Match.objectLike({
            PortName: 'app',
            DiscoveryName: 'billing',
            Tls: Match.objectLike({ IssuerCertificateAuthority: { AwsPcaAuthorityArn: { 'Fn::GetAtt': [caId, 'Arn'] } }, KmsKey: Match.anyValue(), RoleArn: Match.anyValue() }),
          }),
        ],
        LogConfiguration: Match.objectLike({ LogDriver: 'awslogs' }),
      }),
    });
    expect(billing.serviceConnectUrl).toBe('http://billing:8080');
  });

  test('opens the callee port to the caller only, and the caller egress to the callee only', () => {
    const stack = new Stack(undefined, 'S', { env: TEST_ENV });
    pair(stack, new ServiceConnectAuthority(stack, 'Mesh'));
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      FromPort: 8080,
      ToPort: 8080,
      GroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^BillingSecurityGroup'), 'GroupId'] },
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OrdersSecurityGroup'), 'GroupId'] },
    });
    t.hasResourceProperties('AWS::EC2::SecurityGroupEgress', {
      FromPort: 8080,
      GroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OrdersSecurityGroup'), 'GroupId'] },
      DestinationSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^BillingSecurityGroup'), 'GroupId'] },
    });
  });

  test('refuses a call path that would not be encrypted', () => {
    const stack = new Stack(undefined, 'S', { env: TEST_ENV });
    const vpc = tieredVpcFixture(stack);
    const mesh = new ServiceConnectAuthority(stack, 'Mesh');
    const plain = new SecureFargateService(stack, 'Plain', { vpc, image: IMAGE });
    const meshed = new SecureFargateService(stack, 'Meshed', { vpc, image: IMAGE, serviceConnect: { authority: mesh } });
    expect(() => plain.allowCallsFrom(meshed)).toThrow(/SecureFargateService S\/Plain: allowCallsFrom\(S\/Meshed\): this service has no serviceConnect \(allowed: a service with serviceConnect, so the hop is encrypted with TLS\)/);
    expect(() => meshed.allowCallsFrom(plain)).toThrow(/allowCallsFrom\(S\/Plain\): the client does not use this service's ServiceConnectAuthority/);
    expect(() => new SecureFargateService(stack, 'Bad', { vpc, image: IMAGE, serviceConnect: { authority: mesh, discoveryName: 'Bad_Name' } })).toThrow(
      /serviceConnect\.discoveryName: "Bad_Name" is not allowed/,
    );
  });
});
