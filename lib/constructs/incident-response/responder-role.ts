import { Duration, Stack, Token } from 'aws-cdk-lib';
import { AccountPrincipal, ManagedPolicy, PolicyDocument, PolicyStatement, Role, type IPrincipal } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { acknowledgeWildcards } from './containment-automation';

/** Props for {@link ResponderRole}. */
export interface ResponderRoleProps {
  /** Role name (a contract: member roles and the evidence bucket trust it by ARN). */
  readonly roleName: string;
  /**
   * IAM users (MFA required) and roles of this account that may assume the role.
   * @default - any principal of this account that IAM allows, with MFA
   */
  readonly principalArns?: readonly string[];
  /** Name of the member accounts' automation role, which the responder may assume. */
  readonly memberRoleName: string;
  /** Runbook name prefix (`<org>-IR-`): the responder may start exactly these. */
  readonly runbookPrefix: string;
  /** Name of the SSM multi-account administration role the responder passes to SSM. */
  readonly automationAdministrationRoleName: string;
  /** Organization ID: assumed member roles must belong to it (`aws:ResourceOrgID`). */
  readonly organizationId: string;
  /** Evidence bucket ARN and key alias ARN: the responder reads evidence. */
  readonly evidenceBucketArn: string;
}

/**
 * The people's incident-response role in the security-log account: reads evidence, starts the containment
 * runbooks here (multi-account `TargetLocations`) or assumes the member accounts' automation role to start
 * them there. Users need MFA; sessions last at most one hour.
 *
 * Default settings: max session 1 hour; users only with MFA; customer-managed policy.
 * @see NIST 800-53 IR-4, AC-6; CIS 1.x (MFA for people)
 */
export class ResponderRole extends Construct {
  /** The role. */
  public readonly role: Role;

  constructor(scope: Construct, id: string, props: ResponderRoleProps) {
    super(scope, id);
    const arn = Stack.of(this);
    const self = new AccountPrincipal(arn.account);
    const trust = responderTrust(self, props.principalArns ?? []);
    this.role = new Role(this, 'Resource', {
      roleName: props.roleName,
      assumedBy: trust.principal,
      maxSessionDuration: Duration.hours(1),
      description: 'Incident response: read evidence, start containment runbooks, assume member accounts\' automation role',
    });
    for (const s of trust.more) this.role.assumeRolePolicy!.addStatements(s);
    const policy = new ManagedPolicy(this, 'Policy', {
      roles: [this.role],
      description: 'Incident response: containment runbooks, member automation role, evidence reads',
      document: new PolicyDocument({
        statements: [
          new PolicyStatement({
            sid: 'AssumeMemberAutomationRole',
            actions: ['sts:AssumeRole'],
            resources: [`arn:${arn.partition}:iam::*:role/${props.memberRoleName}`],
            conditions: { StringEquals: { 'aws:ResourceOrgID': props.organizationId } },
          }),
          new PolicyStatement({
            sid: 'StartContainmentRunbooks',
            actions: ['ssm:StartAutomationExecution'],
            resources: [`arn:${arn.partition}:ssm:*:${arn.account}:automation-definition/${props.runbookPrefix}*`],
          }),
          new PolicyStatement({
            sid: 'FollowContainmentRuns',
            actions: ['ssm:GetAutomationExecution', 'ssm:DescribeAutomationExecutions', 'ssm:DescribeAutomationStepExecutions', 'ssm:StopAutomationExecution'],
            resources: [`arn:${arn.partition}:ssm:*:${arn.account}:automation-execution/*`],
          }),
          new PolicyStatement({
            sid: 'PassAutomationAdministrationRole',
            actions: ['iam:PassRole'],
            resources: [`arn:${arn.partition}:iam::${arn.account}:role/${props.automationAdministrationRoleName}`],
            conditions: { StringEquals: { 'iam:PassedToService': 'ssm.amazonaws.com' } },
          }),
          new PolicyStatement({
            sid: 'ReadEvidence',
            actions: ['s3:GetObject', 's3:GetObjectVersion', 's3:GetObjectRetention', 's3:GetObjectAttributes', 's3:ListBucket', 's3:ListBucketVersions', 'kms:Decrypt'],
            resources: [props.evidenceBucketArn, `${props.evidenceBucketArn}/*`, `arn:${arn.partition}:kms:${arn.region}:${arn.account}:key/*`],
          }),
        ],
      }),
    });
    // cdk-nag names findings by the rendered ARN: a partition token renders as <AWS::Partition>.
    const np = Token.isUnresolved(arn.partition) ? '<AWS::Partition>' : arn.partition;
    acknowledgeWildcards(policy, [`${props.evidenceBucketArn}/*`], 'Reads every evidence object: responders examine whole cases');
    acknowledgeWildcards(policy, [`arn:${np}:iam::*:role/${props.memberRoleName}`], 'The one automation role name in every account of the organization (aws:ResourceOrgID); which account is the incident\'s');
    acknowledgeWildcards(policy, [`arn:${np}:kms:${arn.region}:${arn.account}:key/*`], 'The evidence key\'s ID is unknown before deploy; its key policy lets this role decrypt only through S3');
    acknowledgeWildcards(
      policy,
      [`arn:${np}:ssm:*:${arn.account}:automation-definition/${props.runbookPrefix}*`, `arn:${np}:ssm:*:${arn.account}:automation-execution/*`],
      'The containment runbooks (one name prefix) in every governed region, and the runs they create (generated IDs)',
    );
  }
}

/** Users only with MFA (the AssumeRole call carries `aws:MultiFactorAuthPresent`), roles by ARN. */
function responderTrust(self: AccountPrincipal, principalArns: readonly string[]): { principal: IPrincipal; more: PolicyStatement[] } {
  const mfa = { Bool: { 'aws:MultiFactorAuthPresent': 'true' } };
  if (principalArns.length === 0) return { principal: self.withConditions(mfa), more: [] };
  const users = principalArns.filter((a) => a.split(':')[5]?.startsWith('user/'));
  const roles = principalArns.filter((a) => !users.includes(a));
  const usersWithMfa = { ArnEquals: { 'aws:PrincipalArn': users }, ...mfa };
  const rolesOnly = { ArnEquals: { 'aws:PrincipalArn': roles } };
  const first = users.length ? usersWithMfa : rolesOnly;
  const second = users.length && roles.length ? rolesOnly : undefined;
  return {
    principal: self.withConditions(first),
    more: second ? [new PolicyStatement({ actions: ['sts:AssumeRole'], principals: [self], conditions: second })] : [],
  };
}
