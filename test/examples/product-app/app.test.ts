import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { buildProductApp } from '../../../examples/product-app/app';
import { addAllPacks, nagErrors } from '../../constructs/nag';
import { tempOutdir } from '../../helpers';

describe('the example product app', () => {
  const app = new App({ outdir: tempOutdir() });
  addAllPacks(app);
  const product = buildProductApp(app);

  test('synthesizes nag-clean under AwsSolutions, NIST 800-53 R5, HIPAA Security and PCI DSS 3.2.1, with no acknowledgment of its own', () => {
    expect(nagErrors(app)).toEqual([]);
  });

  test('synthesizes without CDK warnings', () => {
    const messages = app.synth().stacks.flatMap((s) => s.messages.filter((m) => m.level !== 'info').map((m) => `${m.id}: ${String(m.entry.data)}`));
    expect(messages).toEqual([]);
  });

  test('keeps only the web ACL in us-east-1: the front end, API, queue and database are in the home region', () => {
    expect(product.edge.region).toBe('us-east-1');
    expect(product.frontend.region).toBe('eu-west-1');
    const edge = Template.fromJSON(app.synth().getStackByName(product.edge.stackName).template);
    edge.resourceCountIs('AWS::WAFv2::WebACL', 1);
    edge.resourceCountIs('AWS::S3::Bucket', 0);
    edge.resourceCountIs('AWS::Lambda::Function', 0);
    const api = Template.fromJSON(app.synth().getStackByName(product.api.stackName).template);
    api.resourceCountIs('AWS::RDS::DBInstance', 1);
    api.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 1);
    api.resourceCountIs('AWS::CloudFront::Distribution', 0);
    const frontend = Template.fromJSON(app.synth().getStackByName(product.frontend.stackName).template);
    frontend.resourceCountIs('AWS::CloudFront::Distribution', 1);
    frontend.hasResourceProperties('AWS::CloudFront::Distribution', { DistributionConfig: { WebACLId: 'arn:aws:wafv2:us-east-1:111111111111:global/webacl/ProductEdgeSiteWebAcl/00000000-0000-0000-0000-000000000003' } });
    frontend.resourceCountIs('AWS::WAFv2::WebACL', 0);
  });

  test('runs the API function and both container services on roles holding only customer-managed policies', () => {
    const api = Template.fromJSON(app.synth().getStackByName(product.api.stackName).template);
    api.resourceCountIs('AWS::ECS::Service', 2);
    api.resourceCountIs('AWS::ECR::Repository', 2);
    api.resourceCountIs('AWS::Cognito::UserPool', 1);
    api.hasResourceProperties('AWS::ApiGateway::Method', { HttpMethod: 'POST', AuthorizationType: 'COGNITO_USER_POOLS' });
    api.resourceCountIs('AWS::IAM::Policy', 0);
    const compute = Object.entries<any>(api.findResources('AWS::IAM::Role')).filter(([id]) => /^(ApiRole|OrdersTaskRole|OrdersExecutionRole|BillingTaskRole|BillingExecutionRole|MeshInfrastructureRole)/.test(id));
    expect(compute).toHaveLength(6);
    expect(compute.filter(([, r]) => r.Properties.ManagedPolicyArns !== undefined).map(([id]) => id)).toEqual([]);
  });

  test('orders calls billing over Service Connect TLS from the private CA, and only orders may', () => {
    const api = Template.fromJSON(app.synth().getStackByName(product.api.stackName).template);
    const [caId] = Object.keys(api.findResources('AWS::ACMPCA::CertificateAuthority'));
    api.hasResourceProperties('AWS::ACMPCA::CertificateAuthority', { UsageMode: 'SHORT_LIVED_CERTIFICATE' });
    const services = Object.values<any>(api.findResources('AWS::ECS::Service'));
    for (const s of services) {
      expect(s.Properties.ServiceConnectConfiguration.Services[0].Tls.IssuerCertificateAuthority.AwsPcaAuthorityArn).toEqual({ 'Fn::GetAtt': [caId, 'Arn'] });
    }
    const [orders] = Object.values<any>(api.findResources('AWS::ECS::TaskDefinition')).filter((t) => JSON.stringify(t).includes('BILLING_URL'));
    expect(orders.Properties.ContainerDefinitions[0].Environment).toContainEqual({ Name: 'BILLING_URL', Value: 'http://billing:8080' });
    const intoBilling = Object.values<any>(api.findResources('AWS::EC2::SecurityGroupIngress')).filter((r) => JSON.stringify(r.Properties.GroupId).includes('BillingSecurityGroup'));
    expect(intoBilling.map((r) => JSON.stringify(r.Properties.SourceSecurityGroupId)).sort()).toEqual([expect.stringContaining('OrdersSecurityGroup')]);
  });

  test('rotates the database master password with a SecureSecret and lets only the orders task start read the partner key', () => {
    const api = Template.fromJSON(app.synth().getStackByName(product.api.stackName).template);
    api.hasResourceProperties('AWS::SecretsManager::RotationSchedule', { HostedRotationLambda: Match.objectLike({ RotationType: 'PostgreSQLSingleUser' }) });
    api.hasResourceProperties('AWS::SecretsManager::ResourcePolicy', {
      ResourcePolicy: { Statement: [Match.objectLike({ Effect: 'Deny', Action: 'secretsmanager:GetSecretValue', Condition: { ArnNotEquals: { 'aws:PrincipalArn': [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^OrdersExecutionRole'), 'Arn'] }] } } })] },
    });
  });

  test('acknowledges no finding in its own code: the acknowledgments it needs live inside the library constructs', () => {
    const dir = path.join(__dirname, '../../../examples/product-app');
    const sources = fs.readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
    expect(sources.filter((text) => /acknowledge|Validations\.of\([^)]*\)\.acknowledge|NagSuppressions/.test(text))).toEqual([]);
  });
});
