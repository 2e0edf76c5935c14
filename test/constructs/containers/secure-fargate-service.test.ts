import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SecureContainerRepository } from '../../../constructs/containers/secure-container-repository';
import { SecureFargateService } from '../../../constructs/containers/secure-fargate-service';
import { OptOut } from '../../../constructs/core/opt-out';
import { SecureQueue } from '../../../constructs/messaging/secure-queue';
import { SecureSecret } from '../../../constructs/secrets/secure-secret';
import { SecureLoadBalancer } from '../../../constructs/web/secure-load-balancer';
import { allPacksCheckedStack, nagErrors, optOutsIn, testStack, tieredVpcFixture } from '../nag';

const CERT = 'arn:aws:acm:eu-west-1:111111111111:certificate/00000000-0000-0000-0000-000000000002';
const PARTNER_KEY_REASON = 'Issued by the payment partner, reissued by hand when they rotate it';

/** A service as a product team writes it: image from the organization's repository, one secret from Secrets Manager. */
function orders(stack: Stack, props: Partial<ConstructorParameters<typeof SecureFargateService>[2]> = {}): SecureFargateService {
  const vpc = tieredVpcFixture(stack);
  const images = new SecureContainerRepository(stack, 'Images', { organizationId: 'o-a1b2c3d4e5' });
  const partnerKey = new SecureSecret(stack, 'PartnerKey', { optOuts: { rotation: OptOut.because(PARTNER_KEY_REASON) } });
  return new SecureFargateService(stack, 'Orders', {
    vpc,
    image: ecs.ContainerImage.fromEcrRepository(images.repository, 'v1.4.2'),
    secrets: { PARTNER_API_KEY: partnerKey.secret },
    ...props,
  });
}

function withLoadBalancer(stack: Stack, service: SecureFargateService): void {
  const lb = new SecureLoadBalancer(stack, 'Lb', { vpc: tieredVpcFixture(stack), certificate: acm.Certificate.fromCertificateArn(stack, 'Cert', CERT) });
  service.addToLoadBalancer(lb, { priority: 10, pathPatterns: ['/orders/*'] });
}

function container(t: Template): any {
  const [td] = Object.values<any>(t.findResources('AWS::ECS::TaskDefinition'));
  return td.Properties.ContainerDefinitions[0];
}

/** The statements of the customer-managed policy attached to the role whose logical ID starts with `rolePrefix`. */
function policyOf(t: Template, rolePrefix: string): any[] {
  const [roleId] = Object.keys(t.findResources('AWS::IAM::Role')).filter((id) => id.startsWith(rolePrefix));
  const policy = Object.values<any>(t.findResources('AWS::IAM::ManagedPolicy')).find((p) => p.Properties.Roles?.some((r: any) => r.Ref === roleId));
  return policy?.Properties.PolicyDocument.Statement ?? [];
}

describe('SecureFargateService', () => {
  test('is nag-clean under AwsSolutions and NIST 800-53 R5 behind a SecureLoadBalancer with a queue grant, no acknowledgment from the caller', () => {
    const { app, stack } = allPacksCheckedStack();
    const service = orders(stack, { environment: { JOBS_REGION: 'eu-west-1' } });
    withLoadBalancer(stack, service);
    new SecureQueue(stack, 'Jobs').queue.grantSendMessages(service);
    expect(nagErrors(app)).toEqual([]);
  });

  test('its own resources (service, roles, logs, repository, secret) are clean under HIPAA and PCI DSS 3.2.1 too, also with ECS Exec opted in', () => {
    const { app, stack } = allPacksCheckedStack();
    const service = orders(stack, { optOuts: { executeCommandDisabled: OptOut.because('Incident access to the orders service during the migration') } });
    new SecureQueue(stack, 'Jobs').queue.grantSendMessages(service);
    // The VPC fixture and the load balancer's log bucket have HIPAA/PCI findings of their own (not this construct's).
    const mine = nagErrors(app).filter((f) => /: Product\/(Orders|Images|PartnerKey|Jobs)\//.test(f));
    expect(mine).toEqual([]);
  });

  test('runs in the app tier without a public IP, with circuit-breaker rollback, and ECS Exec off', () => {
    const stack = testStack('S');
    orders(stack);
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::ECS::Service', {
      LaunchType: 'FARGATE',
      EnableExecuteCommand: false,
      DesiredCount: 2,
      DeploymentConfiguration: Match.objectLike({ DeploymentCircuitBreaker: { Enable: true, Rollback: true } }),
      NetworkConfiguration: {
        AwsvpcConfiguration: Match.objectLike({
          AssignPublicIp: 'DISABLED',
          Subnets: [{ Ref: Match.stringLikeRegexp('^NetworkappSubnet1') }, { Ref: Match.stringLikeRegexp('^NetworkappSubnet2') }],
        }),
      },
    });
    t.hasResourceProperties('AWS::ECS::Cluster', { ClusterSettings: [{ Name: 'containerInsights', Value: 'enhanced' }] });
  });

  // CT.ECS.PR.7 (@cdklabs/cdk-validator-cfnguard rules/control-tower/cfn-guard/ecs/ct-ecs-pr-7.guard: every container
  // definition has Memory >= 4), the proactive twin of https://docs.aws.amazon.com/config/latest/developerguide/ecs-task-definition-memory-hard-limit.html
  test('gives the container a hard memory limit, the task memory (default and passed)', () => {
    for (const [memoryLimitMiB, expected] of [[undefined, 512], [2048, 2048]] as const) {
      const stack = testStack('S');
      orders(stack, { cpu: 1024, memoryLimitMiB });
      const [td] = Object.values<any>(Template.fromStack(stack).findResources('AWS::ECS::TaskDefinition'));
      expect(td.Properties.Memory).toBe(String(expected));
      expect(td.Properties.ContainerDefinitions.map((c: any) => c.Memory)).toEqual([expected]);
    }
  });

  test('hardens the container: read-only root with a writable /tmp, non-root user, not privileged, every capability dropped', () => {
    const t = Template.fromStack(((s) => (orders(s), s))(testStack('S')));
    expect(container(t)).toMatchObject({
      ReadonlyRootFilesystem: true,
      User: '1000:1000',
      Privileged: false,
      LinuxParameters: { Capabilities: { Drop: ['ALL'] }, InitProcessEnabled: true },
      MountPoints: [{ SourceVolume: 'tmp', ContainerPath: '/tmp', ReadOnly: false }],
    });
    expect(container(t).LinuxParameters.Capabilities.Add).toBeUndefined();
  });

  test('injects secrets from Secrets Manager through the execution role, not as environment values', () => {
    const stack = testStack('S');
    orders(stack);
    const t = Template.fromStack(stack);
    const [secretId] = Object.keys(t.findResources('AWS::SecretsManager::Secret'));
    expect(container(t).Secrets).toEqual([{ Name: 'PARTNER_API_KEY', ValueFrom: { Ref: secretId } }]);
    expect(container(t).Environment).toBeUndefined();
    const execution = policyOf(t, 'OrdersExecutionRole');
    expect(execution).toEqual(expect.arrayContaining([expect.objectContaining({ Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'] })]));
    // The application's own role cannot read it: only the execution role injects it at start.
    expect(JSON.stringify(policyOf(t, 'OrdersTaskRole'))).not.toContain('secretsmanager');
  });

  test('logs to a KMS-encrypted log group kept a year and retained', () => {
    const stack = testStack('S');
    orders(stack);
    const t = Template.fromStack(stack);
    t.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Retain', Properties: { RetentionInDays: 365, KmsKeyId: Match.anyValue() } });
    expect(container(t).LogConfiguration).toMatchObject({ LogDriver: 'awslogs' });
  });

  test('keeps grants in customer-managed policies: queue grants on the task role, with the KMS wildcards spelled out', () => {
    const stack = testStack('S');
    const service = orders(stack);
    new SecureQueue(stack, 'Jobs').queue.grantSendMessages(service);
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::IAM::Policy', 0);
    const task = policyOf(t, 'OrdersTaskRole');
    expect(task).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Action: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'] }),
        expect.objectContaining({
          Action: expect.arrayContaining(['kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:ReEncryptFrom', 'kms:ReEncryptTo', 'kms:Decrypt', 'kms:Encrypt']),
        }),
      ]),
    );
    expect(JSON.stringify(task)).not.toMatch(/kms:[A-Za-z]+\*/);
    // The execution role pulls the image and writes logs; the task role holds none of that.
    expect(JSON.stringify(task)).not.toMatch(/ecr:|logs:/);
    expect(JSON.stringify(policyOf(t, 'OrdersExecutionRole'))).toMatch(/ecr:BatchGetImage/);
  });

  test('fails the synth when a grant on "*" would hide behind the ECR-token acknowledgment', () => {
    const stack = testStack('S');
    const service = orders(stack);
    service.executionRole.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] }));
    expect(() => Template.fromStack(stack)).toThrow(/ExecutionRole: a grant of \["s3:GetObject"\] on "\*" is not allowed \(allowed: grants on named resources/);
  });

  test('routes paths from the load balancer and admits only the load balancer on the container port', () => {
    const stack = testStack('S');
    withLoadBalancer(stack, orders(stack));
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      Priority: 10,
      Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/orders/*'] } }],
    });
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { Port: 8080, TargetType: 'ip', HealthCheckPath: '/health' });
    t.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      FromPort: 8080,
      ToPort: 8080,
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^LbSecurityGroup'), 'GroupId'] },
    });
  });

  test('opting in to ECS Exec logs and encrypts the sessions and records the reason', () => {
    const reason = 'Incident access to the orders service during the migration';
    const stack = testStack('S');
    orders(stack, { optOuts: { executeCommandDisabled: OptOut.because(reason), readonlyRootFilesystem: OptOut.because('Legacy image writes its PID file to /var/run') } });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::ECS::Service', { EnableExecuteCommand: true });
    t.hasResourceProperties('AWS::ECS::Cluster', {
      Configuration: {
        ExecuteCommandConfiguration: {
          KmsKeyId: Match.anyValue(),
          Logging: 'OVERRIDE',
          LogConfiguration: { CloudWatchEncryptionEnabled: true, CloudWatchLogGroupName: Match.anyValue() },
        },
      },
    });
    expect(container(t).ReadonlyRootFilesystem).toBe(false);
    expect(Object.values(optOutsIn(t)).flat()).toEqual(
      expect.arrayContaining([
        { control: 'executeCommandDisabled', reason },
        { control: 'readonlyRootFilesystem', reason: 'Legacy image writes its PID file to /var/run' },
      ]),
    );
  });

  test.each([
    [{ containerPort: 80 }, /SecureFargateService S\/Orders: containerPort: 80 is not allowed \(allowed: 1024-65535/],
    [{ user: 'root' }, /user: "root" is not allowed \(allowed: a non-root uid or uid:gid/],
    [{ user: '0:0' }, /user: "0:0" is not allowed/],
    [{ environment: { DB_PASSWORD: 'hunter2' } }, /environment\.DB_PASSWORD: looks like a secret \(allowed: non-secret configuration; pass secrets through secrets/],
    [{ subnetGroupName: 'public' }, /subnetGroupName: "public" is a public subnet group \(allowed: a private tier such as app\)/],
    [{ desiredCount: 0 }, /desiredCount: 0 is not allowed/],
  ])('rejects bad props with a message naming the prop, the value and what is allowed (%#)', (props, message) => {
    expect(() => orders(testStack('S'), props)).toThrow(message);
  });
});
