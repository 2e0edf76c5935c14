import * as path from 'path';
import { Aws, CfnCondition, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccountPrincipal, CfnRole, CompositePrincipal, Effect, ManagedPolicy, PolicyDocument, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct, type IConstruct } from 'constructs';
import { bundleInline } from '../core/inline-bundle';
import { ContainmentRunbooks } from './containment-runbooks';

const HANDLER_ENTRY = path.join(__dirname, '..', '..', '..', 'lambda', 'containment', 'index.ts');

/** Props for {@link ContainmentAutomation}. Every name is the same in every account; the region is a token. */
export interface ContainmentAutomationProps {
  /** Condition true in the one region where the (global) automation role is created. */
  readonly homeRegionCondition: CfnCondition;
  /** Security-log account: its responder role and SSM administration role may use the automation role. */
  readonly securityLogAccountId: string;
  /** ARNs allowed to assume the automation role from the security-log account. */
  readonly trustedPrincipalArns: readonly string[];
  readonly automationRoleName: string;
  /** Handler role name, region included (`<org>-ir-containment-${AWS::Region}`). */
  readonly containmentRoleName: string;
  readonly functionName: string;
  readonly runbookPrefix: string;
  /** Evidence bucket (security-log account) and its key's alias ARN. */
  readonly evidenceBucketName: string;
  readonly evidenceKeyAliasArn: string;
  /** Region of the evidence bucket (its key is used through S3 there). */
  readonly evidenceRegion: string;
  /**
   * Role names the handler must never change (break-glass, the landing zone's own roles); the IAM policy
   * denies them as well as the handler refusing them.
   */
  readonly protectedRoleNamePatterns: readonly string[];
}

/**
 * The containment automation of one account and region: the handler (inline code: StackSet instances cannot
 * read assets), its role with exactly the calls the actions make, the runbooks, and the automation role SSM
 * runs them as, which only SSM in this account and the security-log account's responder and SSM
 * administration roles may assume.
 *
 * Default settings: handler timeout 5 minutes (the runbook step's limit); customer-managed policies; the
 * handler cannot change the landing zone's roles or its own function.
 */
export class ContainmentAutomation extends Construct {
  public readonly handler: LambdaFunction;
  public readonly handlerRole: Role;
  public readonly automationRole: Role;
  public readonly runbooks: ContainmentRunbooks;

  constructor(scope: Construct, id: string, props: ContainmentAutomationProps) {
    super(scope, id);
    const p = Aws.PARTITION;
    const region = Aws.REGION;
    const account = Aws.ACCOUNT_ID;
    const functionArn = `arn:${p}:lambda:${region}:${account}:function:${props.functionName}`;
    const logGroup = new LogGroup(this, 'Logs', { retention: RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN });
    Validations.of(logGroup).acknowledge({
      id: 'NIST.800.53.R5-CloudWatchLogGroupEncrypted',
      reason: 'Containment handler diagnostics: resource IDs and API outcomes only; everything collected goes to the KMS-encrypted, Object-Locked evidence bucket',
    });

    this.handlerRole = new Role(this, 'HandlerRole', {
      roleName: props.containmentRoleName,
      assumedBy: new ServicePrincipal('lambda.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': account } } }),
      description: 'Incident containment handler: isolate, revoke, quarantine, and write evidence',
    });
    const policy = new ManagedPolicy(this, 'HandlerPolicy', {
      roles: [this.handlerRole],
      description: 'Incident containment: exactly the calls of the five actions, and evidence writes',
      document: new PolicyDocument({ statements: containmentStatements(props, logGroup.logGroupArn, functionArn) }),
    });
    const P = '<AWS::Partition>';
    const here = `${P}:ec2:<AWS::Region>:<AWS::AccountId>`;
    acknowledgeWildcards(policy, [
      '*',
      ...['instance', 'security-group', 'vpc', 'network-interface', 'volume'].map((t) => `arn:${here}:${t}/*`),
      `arn:${P}:ec2:<AWS::Region>::snapshot/*`,
      `arn:${P}:autoscaling:<AWS::Region>:<AWS::AccountId>:autoScalingGroup:*:autoScalingGroupName/*`,
      `arn:${P}:elasticloadbalancing:<AWS::Region>:<AWS::AccountId>:targetgroup/*/*`,
      `arn:${P}:iam::<AWS::AccountId>:role/*`,
      `arn:${P}:iam::<AWS::AccountId>:user/*`,
      `arn:${P}:lambda:<AWS::Region>:<AWS::AccountId>:function:*`,
      `arn:${P}:s3:::*`,
    ], 'The actions act on whichever instance, role, user, function or bucket a responder names, so each is every resource of its type in this account and region (the Describe and List calls accept only "*"); the landing zone\'s own roles and this function are denied explicitly, and the handler refuses them before any call');
    acknowledgeWildcards(policy, [`arn:${P}:s3:::${props.evidenceBucketName}/*`], 'Evidence objects are keyed by case, account, region, action and time: every key of the one evidence bucket');
    acknowledgeWildcards(policy, [`arn:${P}:kms:${props.evidenceRegion}:${props.securityLogAccountId}:key/*`], 'The evidence key lives in the security-log account and its ID is unknown before deploy; use is limited to S3 in its region (kms:ViaService) and the key policy admits only these roles of the organization');

    this.handler = new LambdaFunction(this, 'Handler', {
      functionName: props.functionName,
      runtime: Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: Code.fromInline(bundleInline(HANDLER_ENTRY)),
      role: this.handlerRole,
      timeout: Duration.minutes(5),
      memorySize: 512,
      logGroup,
      environment: {
        EVIDENCE_BUCKET: props.evidenceBucketName,
        EVIDENCE_KEY_ARN: props.evidenceKeyAliasArn,
        EVIDENCE_REGION: props.evidenceRegion,
        PROTECTED_ROLE_PATTERNS: props.protectedRoleNamePatterns.join(','),
      },
      description: 'secure-landing-zone incident containment (inline: StackSet instances cannot read CDK assets)',
    });
    this.handler.node.addDependency(policy);
    Validations.of(this.handler).acknowledge(
      { id: 'AwsSolutions-L1', reason: 'Pinned to Node.js 22, the runtime the landing zone standardizes on and whose bundled AWS SDK v3 the handler uses' },
      { id: 'NIST.800.53.R5-LambdaDLQ', reason: 'Invoked synchronously by the runbook step (RequestResponse), which records the result or error in the automation execution; Lambda sends only asynchronous events to a dead-letter queue' },
      { id: 'NIST.800.53.R5-LambdaInsideVPC', reason: 'Calls only AWS control-plane APIs and S3; a VPC would need endpoints in every account and region and add nothing' },
      { id: 'NIST.800.53.R5-LambdaConcurrency', reason: 'Runs only when a responder or an automatic trigger starts a runbook; a reserved limit could block containment during an incident' },
    );

    const automationRoleArn = `arn:${p}:iam::${account}:role/${props.automationRoleName}`;
    const fromSecurityLog = new AccountPrincipal(props.securityLogAccountId).withConditions({ ArnEquals: { 'aws:PrincipalArn': [...props.trustedPrincipalArns] } });
    this.automationRole = new Role(this, 'AutomationRole', {
      roleName: props.automationRoleName,
      assumedBy: new CompositePrincipal(
        new ServicePrincipal('ssm.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': account } } }),
        fromSecurityLog,
      ),
      maxSessionDuration: Duration.hours(1),
      description: 'Runs the incident containment runbooks (SSM Automation); assumable only by SSM here and the security-log account\'s responder and SSM administration roles',
    });
    (this.automationRole.node.defaultChild as CfnRole).cfnOptions.condition = props.homeRegionCondition;
    const automationPolicy = new ManagedPolicy(this, 'AutomationPolicy', {
      roles: [this.automationRole],
      description: 'Incident containment runbooks: invoke the handler in any governed region, run and follow the runbooks',
      document: new PolicyDocument({
        statements: [
          new PolicyStatement({ sid: 'InvokeContainmentHandler', actions: ['lambda:InvokeFunction'], resources: [`arn:${p}:lambda:*:${account}:function:${props.functionName}`] }),
          new PolicyStatement({ sid: 'RunContainmentRunbooks', actions: ['ssm:StartAutomationExecution'], resources: [`arn:${p}:ssm:*:${account}:automation-definition/${props.runbookPrefix}*`] }),
          new PolicyStatement({
            sid: 'FollowContainmentRuns',
            actions: ['ssm:GetAutomationExecution', 'ssm:DescribeAutomationExecutions', 'ssm:DescribeAutomationStepExecutions'],
            resources: [`arn:${p}:ssm:*:${account}:automation-execution/*`],
          }),
          new PolicyStatement({
            sid: 'PassItselfToSsm',
            actions: ['iam:PassRole'],
            resources: [automationRoleArn],
            conditions: { StringEquals: { 'iam:PassedToService': 'ssm.amazonaws.com' } },
          }),
        ],
      }),
    });
    (automationPolicy.node.defaultChild as any).cfnOptions.condition = props.homeRegionCondition;
    acknowledgeWildcards(automationPolicy, [
      `arn:<AWS::Partition>:lambda:*:<AWS::AccountId>:function:${props.functionName}`,
      `arn:<AWS::Partition>:ssm:*:<AWS::AccountId>:automation-definition/${props.runbookPrefix}*`,
      `arn:<AWS::Partition>:ssm:*:<AWS::AccountId>:automation-execution/*`,
    ], 'One role per account runs the containment runbooks in every governed region: the handler and runbook names are fixed, only the region (and each run\'s generated execution ID and document version) varies');

    this.runbooks = new ContainmentRunbooks(this, 'Runbooks', {
      namePrefix: props.runbookPrefix,
      functionName: props.functionName,
      automationRoleArn,
    });
    for (const doc of Object.values(this.runbooks.documents)) doc.node.addDependency(this.handler);
  }
}

/** Acknowledges AwsSolutions-IAM5 for exactly these wildcard resources (as cdk-nag renders them) on `scope`. */
export function acknowledgeWildcards(scope: IConstruct, resources: readonly string[], reason: string): void {
  Validations.of(scope).acknowledge(...resources.map((r) => ({ id: `AwsSolutions-IAM5[Resource::${r}]`, reason })));
}

/** The handler's statements, one per action, each naming the calls the handler makes (lambda/containment/index.ts). */
export function containmentStatements(props: Pick<ContainmentAutomationProps, 'evidenceBucketName' | 'evidenceRegion' | 'functionName' | 'protectedRoleNamePatterns' | 'securityLogAccountId'>, logGroupArn: string, functionArn: string): PolicyStatement[] {
  const p = Aws.PARTITION;
  const region = Aws.REGION;
  const account = Aws.ACCOUNT_ID;
  const ec2 = (type: string) => `arn:${p}:ec2:${region}:${account}:${type}/*`;
  return [
    new PolicyStatement({
      sid: 'DescribeForContainment',
      actions: [
        'ec2:DescribeInstances', 'ec2:DescribeSecurityGroups', 'ec2:DescribeSnapshots', 'ec2:DescribeInstanceAttribute',
        'autoscaling:DescribeAutoScalingInstances', 'elasticloadbalancing:DescribeTargetGroups', 'elasticloadbalancing:DescribeTargetHealth',
      ],
      resources: ['*'],
    }),
    new PolicyStatement({
      sid: 'IsolateInstance',
      actions: [
        'ec2:CreateSecurityGroup', 'ec2:RevokeSecurityGroupEgress', 'ec2:RevokeSecurityGroupIngress', 'ec2:ModifyNetworkInterfaceAttribute', 'ec2:ModifyInstanceAttribute',
        'ec2:CreateTags', 'ec2:CreateSnapshot', 'ec2:GetConsoleOutput',
      ],
      resources: [ec2('instance'), ec2('security-group'), ec2('vpc'), ec2('network-interface'), ec2('volume'), `arn:${p}:ec2:${region}::snapshot/*`],
    }),
    new PolicyStatement({
      sid: 'DetachFromGroupsAndTargets',
      actions: ['autoscaling:DetachInstances', 'elasticloadbalancing:DeregisterTargets'],
      resources: [`arn:${p}:autoscaling:${region}:${account}:autoScalingGroup:*:autoScalingGroupName/*`, `arn:${p}:elasticloadbalancing:${region}:${account}:targetgroup/*/*`],
    }),
    new PolicyStatement({
      sid: 'RevokeSessionsAndKeys',
      actions: ['iam:GetRole', 'iam:GetRolePolicy', 'iam:PutRolePolicy', 'iam:ListAccessKeys', 'iam:UpdateAccessKey'],
      resources: [`arn:${p}:iam::${account}:role/*`, `arn:${p}:iam::${account}:user/*`],
    }),
    new PolicyStatement({
      sid: 'NeverTheLandingZoneRoles',
      effect: Effect.DENY,
      actions: ['iam:PutRolePolicy'],
      resources: [`arn:${p}:iam::${account}:role/aws-service-role/*`, ...props.protectedRoleNamePatterns.map((n) => `arn:${p}:iam::${account}:role/${n}`)],
    }),
    new PolicyStatement({
      sid: 'QuarantineFunction',
      actions: ['lambda:GetFunction', 'lambda:GetFunctionConcurrency', 'lambda:PutFunctionConcurrency'],
      resources: [`arn:${p}:lambda:${region}:${account}:function:*`],
    }),
    new PolicyStatement({ sid: 'NeverItself', effect: Effect.DENY, actions: ['lambda:PutFunctionConcurrency'], resources: [functionArn] }),
    new PolicyStatement({
      sid: 'BlockBucketPublicAccess',
      actions: ['s3:GetBucketPolicy', 's3:GetBucketPublicAccessBlock', 's3:PutBucketPublicAccessBlock'],
      resources: [`arn:${p}:s3:::*`],
    }),
    new PolicyStatement({ sid: 'WriteEvidence', actions: ['s3:PutObject'], resources: [`arn:${p}:s3:::${props.evidenceBucketName}/*`] }),
    new PolicyStatement({
      sid: 'EncryptEvidence',
      actions: ['kms:GenerateDataKey'],
      resources: [`arn:${p}:kms:${props.evidenceRegion}:${props.securityLogAccountId}:key/*`],
      conditions: { StringEquals: { 'kms:ViaService': `s3.${props.evidenceRegion}.amazonaws.com` } },
    }),
    new PolicyStatement({ sid: 'OwnLogs', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroupArn] }),
  ];
}
