/**
 * Normal work, evaluated: the requests a product team makes every day, each under the SCP chain of the OU
 * its account lives in (Workloads/Prod, Workloads/Dev, Sandbox) and the RCP, as CDK's default CloudFormation
 * execution role (qualifier hnb659fds, not the landing zone's exempt `slz` one). Each request names the AWS
 * page documenting it: the API reference of the call a resource type's create/delete handler makes, or the
 * service's own page. A failing allow here is a guardrail bug; the matching attacks live in
 * scp-statements.test.ts and stay denied.
 */
import { defaultConfig, templateOf } from '../../helpers';
import { harness, type Case } from './org-policy-harness';

const config = defaultConfig();
const template = templateOf('organization').toJSON();
const OUS = { 'Workloads/Prod': '333333333333', 'Workloads/Dev': '444444444444', Sandbox: '555555555555' } as const;
const R = 'eu-west-1';
const E = 'us-east-1';
const { decide } = harness(config, template, 'unused');
const api = (service: string, action: string) => `https://docs.aws.amazon.com/${service}/latest/APIReference/API_${action}.html`;

type Row = Omit<Case, 'expected' | 'principal' | 'ou'> & { readonly as?: 'developer' };
/** The day's work in account `a`. */
const work = (a: string): Row[] => {
  const key = `arn:aws:kms:${R}:${a}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
  const bucket = `arn:aws:s3:::orders-data-${a}`;
  const ec2 = (type: string, id = '*') => `arn:aws:ec2:${R}:${a}:${type}/${id}`;
  const s3 = (action: string, resource = bucket): Row => ({ what: `SecureBucket: ${action}`, action: `s3:${action}`, resource, source: `https://docs.aws.amazon.com/AmazonS3/latest/API/API_${action}.html` });
  const e2 = (action: string, resource: string, context?: Row['context']): Row => ({ what: `TieredVpc: ${action}`, action: `ec2:${action}`, resource, context, source: api('AWSEC2', action) });
  return [
    // SecureBucket: AWS::S3::Bucket and AWS::KMS::Key create and delete handlers.
    s3('CreateBucket'), s3('PutEncryptionConfiguration'), s3('PutBucketVersioning'), s3('PutBucketPublicAccessBlock'), s3('PutBucketPolicy'),
    s3('PutLifecycleConfiguration'), s3('PutBucketOwnershipControls'), s3('DeleteBucketPolicy'), s3('DeleteBucket'), s3('PutObject', `${bucket}/index.html`),
    { what: 'SecureBucket key: CreateKey', action: 'kms:CreateKey', resource: '*', source: api('kms', 'CreateKey') },
    { what: 'SecureBucket key: PutKeyPolicy', action: 'kms:PutKeyPolicy', resource: key, source: api('kms', 'PutKeyPolicy') },
    { what: 'SecureBucket key: EnableKeyRotation', action: 'kms:EnableKeyRotation', resource: key, source: api('kms', 'EnableKeyRotation') },
    { what: 'SecureBucket key: ScheduleKeyDeletion of a team key', action: 'kms:ScheduleKeyDeletion', resource: key, context: { 'kms:ResourceAliases': ['alias/orders/data'] }, source: api('kms', 'ScheduleKeyDeletion') },
    // SecureQueue / SecureTopic.
    { what: 'SecureQueue: CreateQueue', action: 'sqs:CreateQueue', resource: `arn:aws:sqs:${R}:${a}:jobs`, source: api('AWSSimpleQueueService', 'CreateQueue') },
    { what: 'SecureQueue: SetQueueAttributes', action: 'sqs:SetQueueAttributes', resource: `arn:aws:sqs:${R}:${a}:jobs`, source: api('AWSSimpleQueueService', 'SetQueueAttributes') },
    { what: 'SecureQueue: DeleteQueue', action: 'sqs:DeleteQueue', resource: `arn:aws:sqs:${R}:${a}:jobs`, source: api('AWSSimpleQueueService', 'DeleteQueue') },
    { what: 'SecureTopic: CreateTopic', action: 'sns:CreateTopic', resource: `arn:aws:sns:${R}:${a}:events`, source: api('sns', 'CreateTopic') },
    { what: 'SecureTopic: DeleteTopic', action: 'sns:DeleteTopic', resource: `arn:aws:sns:${R}:${a}:events`, source: api('sns', 'DeleteTopic') },
    // SecureDatabase: AWS::RDS::DBInstance, DBSubnetGroup, Secrets Manager secret, security group.
    { what: 'SecureDatabase: CreateDBSubnetGroup', action: 'rds:CreateDBSubnetGroup', resource: `arn:aws:rds:${R}:${a}:subgrp:db`, source: api('AmazonRDS', 'CreateDBSubnetGroup') },
    { what: 'SecureDatabase: CreateDBInstance', action: 'rds:CreateDBInstance', resource: `arn:aws:rds:${R}:${a}:db:orders`, source: api('AmazonRDS', 'CreateDBInstance') },
    { what: 'SecureDatabase: DeleteDBInstance (final snapshot)', action: 'rds:DeleteDBInstance', resource: `arn:aws:rds:${R}:${a}:db:orders`, source: api('AmazonRDS', 'DeleteDBInstance') },
    { what: 'SecureDatabase: CreateSecret', action: 'secretsmanager:CreateSecret', resource: `arn:aws:secretsmanager:${R}:${a}:secret:db-AbCdEf`, source: api('secretsmanager', 'CreateSecret') },
    { what: 'SecureDatabase: DeleteSecret', action: 'secretsmanager:DeleteSecret', resource: `arn:aws:secretsmanager:${R}:${a}:secret:db-AbCdEf`, source: api('secretsmanager', 'DeleteSecret') },
    e2('CreateSecurityGroup', ec2('security-group')), e2('AuthorizeSecurityGroupIngress', ec2('security-group', 'sg-0123456789abcdef0')), e2('DeleteSecurityGroup', ec2('security-group', 'sg-0123456789abcdef0')),
    // SecureLoadBalancer: AWS::ElasticLoadBalancingV2::*, its REGIONAL web ACL.
    { what: 'SecureLoadBalancer: CreateLoadBalancer', action: 'elasticloadbalancing:CreateLoadBalancer', resource: `arn:aws:elasticloadbalancing:${R}:${a}:loadbalancer/app/api/0123456789abcdef`, source: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html' },
    { what: 'SecureLoadBalancer: CreateListener', action: 'elasticloadbalancing:CreateListener', resource: `arn:aws:elasticloadbalancing:${R}:${a}:loadbalancer/app/api/0123456789abcdef`, source: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateListener.html' },
    { what: 'SecureLoadBalancer: DeleteLoadBalancer', action: 'elasticloadbalancing:DeleteLoadBalancer', resource: `arn:aws:elasticloadbalancing:${R}:${a}:loadbalancer/app/api/0123456789abcdef`, source: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_DeleteLoadBalancer.html' },
    { what: 'SecureWebAcl (REGIONAL): CreateWebACL', action: 'wafv2:CreateWebACL', resource: `arn:aws:wafv2:${R}:${a}:regional/webacl/api/*`, source: 'https://docs.aws.amazon.com/waf/latest/APIReference/API_CreateWebACL.html' },
    { what: 'SecureWebAcl (REGIONAL): AssociateWebACL', action: 'wafv2:AssociateWebACL', resource: `arn:aws:wafv2:${R}:${a}:regional/webacl/api/0123`, source: 'https://docs.aws.amazon.com/waf/latest/APIReference/API_AssociateWebACL.html' },
    // SecureBackupPlan (the vault is retained, so cdk destroy deletes only plan and selection).
    { what: 'SecureBackupPlan: CreateBackupVault', action: 'backup:CreateBackupVault', resource: `arn:aws:backup:${R}:${a}:backup-vault:orders`, source: 'https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateBackupVault.html' },
    { what: 'SecureBackupPlan: CreateBackupPlan', action: 'backup:CreateBackupPlan', resource: `arn:aws:backup:${R}:${a}:backup-plan:*`, source: 'https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateBackupPlan.html' },
    { what: 'SecureBackupPlan: CreateBackupSelection', action: 'backup:CreateBackupSelection', resource: `arn:aws:backup:${R}:${a}:backup-plan:abc`, source: 'https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateBackupSelection.html' },
    { what: 'SecureBackupPlan: DeleteBackupSelection', action: 'backup:DeleteBackupSelection', resource: `arn:aws:backup:${R}:${a}:backup-plan:abc`, source: 'https://docs.aws.amazon.com/aws-backup/latest/devguide/API_DeleteBackupSelection.html' },
    { what: 'SecureBackupPlan: DeleteBackupPlan', action: 'backup:DeleteBackupPlan', resource: `arn:aws:backup:${R}:${a}:backup-plan:abc`, source: 'https://docs.aws.amazon.com/aws-backup/latest/devguide/API_DeleteBackupPlan.html' },
    // TieredVpc: deploy and cdk destroy, its own flow log included (no landing-zone tag on it).
    e2('CreateVpc', ec2('vpc')), e2('CreateSubnet', ec2('subnet')), e2('CreateNetworkAcl', ec2('network-acl')), e2('CreateNetworkAclEntry', ec2('network-acl', 'acl-0123456789abcdef0')),
    e2('CreateRouteTable', ec2('route-table')), e2('CreateInternetGateway', ec2('internet-gateway')), e2('AllocateAddress', ec2('elastic-ip')), e2('CreateNatGateway', ec2('natgateway')),
    e2('CreateFlowLogs', ec2('vpc-flow-log')), e2('CreateVpcEndpoint', ec2('vpc-endpoint')), e2('CreateTags', ec2('vpc', 'vpc-0123456789abcdef0'), { 'aws:TagKeys': ['Name'] }),
    e2('DeleteFlowLogs', ec2('vpc-flow-log', 'fl-0123456789abcdef0')), e2('DeleteNatGateway', ec2('natgateway', 'nat-0123456789abcdef0')), e2('ReleaseAddress', ec2('elastic-ip', 'eipalloc-0123456789abcdef0')),
    e2('DeleteVpcEndpoints', ec2('vpc-endpoint', 'vpce-0123456789abcdef0')), e2('DeleteSubnet', ec2('subnet', 'subnet-0123456789abcdef0')), e2('DeleteVpc', ec2('vpc', 'vpc-0123456789abcdef0')),
    e2('RunInstances', ec2('instance'), { 'ec2:MetadataHttpTokens': 'required', 'ec2:MetadataHttpPutResponseHopLimit': '1', 'ec2:InstanceType': 't3.micro' }),
    { what: 'log group: CreateLogGroup', action: 'logs:CreateLogGroup', resource: `arn:aws:logs:${R}:${a}:log-group:/aws/lambda/api`, source: 'https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html' },
    { what: 'log group: DeleteLogGroup', action: 'logs:DeleteLogGroup', resource: `arn:aws:logs:${R}:${a}:log-group:/aws/lambda/api`, source: 'https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DeleteLogGroup.html' },
    // The API function and its role (IAM is served from us-east-1).
    { what: 'function: CreateFunction', action: 'lambda:CreateFunction', resource: `arn:aws:lambda:${R}:${a}:function:api`, source: 'https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html' },
    { what: 'function: DeleteFunction', action: 'lambda:DeleteFunction', resource: `arn:aws:lambda:${R}:${a}:function:api`, source: 'https://docs.aws.amazon.com/lambda/latest/api/API_DeleteFunction.html' },
    { what: 'role: CreateRole', action: 'iam:CreateRole', resource: `arn:aws:iam::${a}:role/api-function`, region: E, source: api('IAM', 'CreateRole') },
    { what: 'role: PassRole to Lambda', action: 'iam:PassRole', resource: `arn:aws:iam::${a}:role/api-function`, region: E, source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html' },
    { what: 'role: DeleteRole', action: 'iam:DeleteRole', resource: `arn:aws:iam::${a}:role/api-function`, region: E, source: api('IAM', 'DeleteRole') },
    // A team's own Config rule, created and deleted (no landing-zone tag).
    { what: 'own Config rule: PutConfigRule', action: 'config:PutConfigRule', resource: `arn:aws:config:${R}:${a}:config-rule/*`, source: 'https://docs.aws.amazon.com/config/latest/APIReference/API_PutConfigRule.html' },
    { what: 'own Config rule: DeleteConfigRule', action: 'config:DeleteConfigRule', resource: `arn:aws:config:${R}:${a}:config-rule/config-rule-abc123`, source: 'https://docs.aws.amazon.com/config/latest/APIReference/API_DeleteConfigRule.html' },
    // Edge pieces in us-east-1: the CDK bootstrap there and a stack with the CLOUDFRONT web ACL.
    { what: 'edge: CreateStack', action: 'cloudformation:CreateStack', resource: `arn:aws:cloudformation:${E}:${a}:stack/ProductEdge/*`, region: E, source: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStack.html' },
    { what: 'edge: DeleteStack', action: 'cloudformation:DeleteStack', resource: `arn:aws:cloudformation:${E}:${a}:stack/ProductEdge/abc`, region: E, source: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DeleteStack.html' },
    { what: 'edge bootstrap: CreateBucket (staging bucket)', action: 's3:CreateBucket', resource: `arn:aws:s3:::cdk-hnb659fds-assets-${a}-${E}`, region: E, source: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html' },
    { what: 'edge bootstrap: PutObject (template asset)', action: 's3:PutObject', resource: `arn:aws:s3:::cdk-hnb659fds-assets-${a}-${E}/abc.json`, region: E, source: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html' },
    { what: 'edge bootstrap: PutParameter (version)', action: 'ssm:PutParameter', resource: `arn:aws:ssm:${E}:${a}:parameter/cdk-bootstrap/hnb659fds/version`, region: E, source: 'https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_PutParameter.html' },
    { what: 'edge deploy: GetParameters (bootstrap version check)', action: 'ssm:GetParameters', resource: `arn:aws:ssm:${E}:${a}:parameter/cdk-bootstrap/hnb659fds/version`, region: E, source: 'https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameters.html' },
    { what: 'edge bootstrap: CreateRepository', action: 'ecr:CreateRepository', resource: `arn:aws:ecr:${E}:${a}:repository/cdk-hnb659fds-container-assets-${a}-${E}`, region: E, source: 'https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreateRepository.html' },
    { what: 'edge deploy: GetAuthorizationToken', action: 'ecr:GetAuthorizationToken', resource: '*', region: E, source: 'https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_GetAuthorizationToken.html' },
    { what: 'edge: RequestCertificate', action: 'acm:RequestCertificate', resource: '*', region: E, source: 'https://docs.aws.amazon.com/acm/latest/APIReference/API_RequestCertificate.html' },
    { what: 'edge: CreateWebACL (CLOUDFRONT)', action: 'wafv2:CreateWebACL', resource: `arn:aws:wafv2:${E}:${a}:global/webacl/site/*`, region: E, source: 'https://docs.aws.amazon.com/waf/latest/APIReference/API_CreateWebACL.html' },
    { what: 'edge: CreateKey (WAF log key)', action: 'kms:CreateKey', resource: '*', region: E, source: api('kms', 'CreateKey') },
    { what: 'edge: CreateLogGroup aws-waf-logs-*', action: 'logs:CreateLogGroup', resource: `arn:aws:logs:${E}:${a}:log-group:aws-waf-logs-site`, region: E, source: 'https://docs.aws.amazon.com/waf/latest/developerguide/logging-cw-logs.html' },
    { what: 'edge: PutResourcePolicy (WAF logging)', action: 'logs:PutResourcePolicy', resource: '*', region: E, source: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-infrastructure-CWL.html' },
    { what: 'edge: PutLoggingConfiguration', action: 'wafv2:PutLoggingConfiguration', resource: `arn:aws:wafv2:${E}:${a}:global/webacl/site/0123`, region: E, source: 'https://docs.aws.amazon.com/waf/latest/APIReference/API_PutLoggingConfiguration.html' },
    { what: 'StaticSite: CreateDistribution', action: 'cloudfront:CreateDistribution', resource: '*', region: E, source: 'https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_CreateDistribution.html' },
    { what: 'StaticSite: CreateOriginAccessControl', action: 'cloudfront:CreateOriginAccessControl', resource: '*', region: E, source: 'https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_CreateOriginAccessControl.html' },
    // SecureContainerRepository / PullThroughCache: AWS::ECR::Repository and PullThroughCacheRule handlers, and CI's image push.
    { what: 'SecureContainerRepository: CreateRepository', action: 'ecr:CreateRepository', resource: `arn:aws:ecr:${R}:${a}:repository/orders`, source: api('AmazonECR', 'CreateRepository') },
    { what: 'SecureContainerRepository: SetRepositoryPolicy', action: 'ecr:SetRepositoryPolicy', resource: `arn:aws:ecr:${R}:${a}:repository/orders`, source: api('AmazonECR', 'SetRepositoryPolicy') },
    { what: 'SecureContainerRepository: PutLifecyclePolicy', action: 'ecr:PutLifecyclePolicy', resource: `arn:aws:ecr:${R}:${a}:repository/orders`, source: api('AmazonECR', 'PutLifecyclePolicy') },
    { what: 'SecureContainerRepository: push an image (PutImage)', action: 'ecr:PutImage', resource: `arn:aws:ecr:${R}:${a}:repository/orders`, source: api('AmazonECR', 'PutImage') },
    { what: 'SecureContainerRepository: DeleteRepository', action: 'ecr:DeleteRepository', resource: `arn:aws:ecr:${R}:${a}:repository/orders`, source: api('AmazonECR', 'DeleteRepository') },
    { what: 'PullThroughCache: CreatePullThroughCacheRule', action: 'ecr:CreatePullThroughCacheRule', resource: '*', source: api('AmazonECR', 'CreatePullThroughCacheRule') },
    // SecureFargateService: AWS::ECS::Cluster, TaskDefinition and Service handlers, its roles and log group.
    { what: 'SecureFargateService: CreateCluster', action: 'ecs:CreateCluster', resource: `arn:aws:ecs:${R}:${a}:cluster/orders`, source: api('AmazonECS', 'CreateCluster') },
    { what: 'SecureFargateService: RegisterTaskDefinition', action: 'ecs:RegisterTaskDefinition', resource: `arn:aws:ecs:${R}:${a}:task-definition/orders:1`, source: api('AmazonECS', 'RegisterTaskDefinition') },
    { what: 'SecureFargateService: CreateService', action: 'ecs:CreateService', resource: `arn:aws:ecs:${R}:${a}:service/orders/api`, source: api('AmazonECS', 'CreateService') },
    { what: 'SecureFargateService: DeleteService', action: 'ecs:DeleteService', resource: `arn:aws:ecs:${R}:${a}:service/orders/api`, source: api('AmazonECS', 'DeleteService') },
    { what: 'SecureFargateService: DeleteCluster', action: 'ecs:DeleteCluster', resource: `arn:aws:ecs:${R}:${a}:cluster/orders`, source: api('AmazonECS', 'DeleteCluster') },
    { what: 'SecureFargateService: PassRole (task and execution roles) to ECS', action: 'iam:PassRole', resource: `arn:aws:iam::${a}:role/orders-task`, region: E, source: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html' },
    { what: 'SecureFargateService: AssociateKmsKey (log group)', action: 'logs:AssociateKmsKey', resource: `arn:aws:logs:${R}:${a}:log-group:/orders/api`, source: api('AmazonCloudWatchLogs', 'AssociateKmsKey') },
    // SecureSecret: AWS::SecretsManager::Secret and RotationSchedule handlers.
    { what: 'SecureSecret: RotateSecret (schedule)', action: 'secretsmanager:RotateSecret', resource: `arn:aws:secretsmanager:${R}:${a}:secret:partner-key-AbCdEf`, source: api('secretsmanager', 'RotateSecret') },
    // SecureUserPool: AWS::Cognito::UserPool, UserPoolClient, UserPoolDomain handlers.
    { what: 'SecureUserPool: CreateUserPool', action: 'cognito-idp:CreateUserPool', resource: '*', source: api('cognito-user-identity-pools', 'CreateUserPool') },
    { what: 'SecureUserPool: CreateUserPoolClient', action: 'cognito-idp:CreateUserPoolClient', resource: `arn:aws:cognito-idp:${R}:${a}:userpool/${R}_AbCdEfGhI`, source: api('cognito-user-identity-pools', 'CreateUserPoolClient') },
    { what: 'SecureUserPool: CreateUserPoolDomain', action: 'cognito-idp:CreateUserPoolDomain', resource: `arn:aws:cognito-idp:${R}:${a}:userpool/${R}_AbCdEfGhI`, source: api('cognito-user-identity-pools', 'CreateUserPoolDomain') },
    { what: 'SecureUserPool: DeleteUserPool', action: 'cognito-idp:DeleteUserPool', resource: `arn:aws:cognito-idp:${R}:${a}:userpool/${R}_AbCdEfGhI`, source: api('cognito-user-identity-pools', 'DeleteUserPool') },
    // SecureApi: API Gateway's management API is authorized as HTTP verbs on resource paths.
    { what: 'SecureApi: create the REST API (apigateway:POST /restapis)', action: 'apigateway:POST', resource: `arn:aws:apigateway:${R}::/restapis`, source: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/security_iam_service-with-iam.html' },
    { what: 'SecureApi: deploy a stage (apigateway:PATCH)', action: 'apigateway:PATCH', resource: `arn:aws:apigateway:${R}::/restapis/a1b2c3d4e5/stages/prod`, source: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/security_iam_service-with-iam.html' },
    { what: 'SecureApi: delete the REST API (apigateway:DELETE)', action: 'apigateway:DELETE', resource: `arn:aws:apigateway:${R}::/restapis/a1b2c3d4e5`, source: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/security_iam_service-with-iam.html' },
    // SecureFunction: reserved concurrency and code signing on the function created above.
    { what: 'SecureFunction: PutFunctionConcurrency', action: 'lambda:PutFunctionConcurrency', resource: `arn:aws:lambda:${R}:${a}:function:api`, source: 'https://docs.aws.amazon.com/lambda/latest/api/API_PutFunctionConcurrency.html' },
    { what: 'SecureFunction: PutFunctionCodeSigningConfig', action: 'lambda:PutFunctionCodeSigningConfig', resource: `arn:aws:lambda:${R}:${a}:function:api`, source: 'https://docs.aws.amazon.com/lambda/latest/api/API_PutFunctionCodeSigningConfig.html' },
    // People, not the deploy role: bills, support, Session Manager, from wherever they are.
    { as: 'developer', what: 'read the bill (Cost Explorer)', action: 'ce:GetCostAndUsage', resource: '*', region: 'ap-southeast-2', source: 'https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_GetCostAndUsage.html' },
    { as: 'developer', what: 'read budgets', action: 'budgets:ViewBudget', resource: `arn:aws:budgets::${a}:budget/team`, region: 'us-west-2', source: 'https://docs.aws.amazon.com/cost-management/latest/userguide/billing-permissions-ref.html' },
    { as: 'developer', what: 'open a support case from anywhere', action: 'support:CreateCase', resource: '*', region: 'ap-southeast-2', source: 'https://docs.aws.amazon.com/awssupport/latest/APIReference/API_CreateCase.html' },
    { as: 'developer', what: 'Session Manager: StartSession', action: 'ssm:StartSession', resource: `arn:aws:ec2:${R}:${a}:instance/i-0123456789abcdef0`, source: 'https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_StartSession.html' },
    { as: 'developer', what: 'Session Manager: the session key', action: 'kms:GenerateDataKey', resource: `arn:aws:kms:${R}:${a}:key/1234abcd-12ab-34cd-56ef-1234567890ab`, context: { 'kms:ResourceAliases': ['alias/acme/session-manager'] }, source: 'https://docs.aws.amazon.com/systems-manager/latest/userguide/session-preferences-enable-encryption.html' },
    { as: 'developer', what: 'Session Manager: TerminateSession', action: 'ssm:TerminateSession', resource: `arn:aws:ssm:${R}:${a}:session/dev-0123456789abcdef0`, source: 'https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_TerminateSession.html' },
  ];
};

const cases: Case[] = Object.entries(OUS).flatMap(([ou, a]) =>
  work(a).map(({ as, ...row }) => ({
    ...row,
    what: `${ou}: ${row.what}`,
    ou,
    principal: as === 'developer' ? `arn:aws:iam::${a}:role/AWSReservedSSO_Developer_0123456789abcdef` : `arn:aws:iam::${a}:role/cdk-hnb659fds-cfn-exec-role-${a}-${row.region ?? R}`,
    expected: 'Allowed' as const,
  })),
);

describe('a product team\u2019s normal work is allowed in every OU', () => {
  test('the table holds at least 60 requests per OU, each with its source', () => {
    expect(work('333333333333').length).toBeGreaterThanOrEqual(60);
    expect(cases.filter((c) => !c.source?.startsWith('https://docs.aws.amazon.com/'))).toEqual([]);
  });

  test.each(cases.map((c) => [c.what, c] as const))('allows: %s', async (_what, c) => {
    expect(await decide(c)).toBe(c.expected);
  });
});
