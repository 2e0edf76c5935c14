import { Stack, type StackProps } from 'aws-cdk-lib';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { SessionManagerPreferences } from '../constructs/network/session-manager-preferences';
import { SsmBastion } from '../constructs/network/ssm-bastion';
import { TieredVpc } from '../../constructs/network/tiered-vpc';
import type { NetworkEnvironmentConfig } from '../config/schema';

/** The slice of config one network stack needs. */
export interface NetworkStackProps extends StackProps {
  /** This environment's `network.<env>` entry. */
  readonly network: NetworkEnvironmentConfig;
  /** AZ names (from config; never looked up). */
  readonly availabilityZones: readonly string[];
  readonly organizationId: string;
  /** The log archive (security-log account): flow logs, query logs, firewall alerts, session logs. */
  readonly logArchive: { readonly bucketName: string; readonly keyAliasArn: string };
  /** Key prefix of session logs in the archive. */
  readonly sessionLogPrefix: string;
  /** Alias of the Session Manager key, when this stack owns the account-and-region preferences. */
  readonly sessionKeyAlias: string;
  /** CloudWatch Logs retention of the optional flow log group. */
  readonly cloudWatchRetentionDays: number;
  /**
   * The account-and-region Session Manager preferences, owned by another network stack of the same
   * account and region. @default - this stack creates them
   */
  readonly sessionPreferences?: SessionManagerPreferences;
}

/** One workload environment's VPC in its account and region; every environment uses the same construct. */
export class NetworkStack extends Stack {
  public readonly network: TieredVpc;
  public readonly bastion?: SsmBastion;
  /** The Session Manager preferences this stack uses (its own, or the shared ones of its account/region). */
  public readonly sessionPreferences: SessionManagerPreferences;
  private readonly zones: readonly string[];

  constructor(scope: Construct, id: string, props: NetworkStackProps) {
    super(scope, id, props);
    this.zones = props.availabilityZones;
    const env = props.network;
    const bucketArn = `arn:${this.partition}:s3:::${props.logArchive.bucketName}`;

    this.network = new TieredVpc(this, 'Network', {
      cidr: env.cidr,
      availabilityZones: props.availabilityZones,
      tiers: env.tiers,
      natGateways: env.natGateways,
      organizationId: props.organizationId,
      interfaceEndpoints: env.interfaceEndpoints,
      flowLogBucketArn: bucketArn,
      flowLogsToCloudWatch: env.flowLogsToCloudWatch,
      cloudWatchRetention: props.cloudWatchRetentionDays as logs.RetentionDays,
      resolverQueryLogging: env.resolverQueryLogging,
      transitGateway: env.transitGateway && {
        id: env.transitGateway.id,
        officeCidrs: env.transitGateway.officeCidrs,
        customerGatewayIp: env.transitGateway.vpnCustomerGatewayIp,
        customerGatewayAsn: env.transitGateway.vpnBgpAsn,
      },
      firewall: env.firewall,
    });

    this.sessionPreferences =
      props.sessionPreferences ??
      new SessionManagerPreferences(this, 'SessionManagerPreferences', {
        logBucketName: props.logArchive.bucketName,
        logPrefix: props.sessionLogPrefix,
        keyAlias: props.sessionKeyAlias,
      });

    if (env.bastion) {
      this.bastion = new SsmBastion(this, 'Bastion', {
        vpc: this.network.vpc,
        sessionKey: this.sessionPreferences.key,
        sessionLogs: { bucketName: props.logArchive.bucketName, prefix: props.sessionLogPrefix, keyAliasArn: props.logArchive.keyAliasArn },
      });
    }
  }

  /** The configured zones: `ec2.Vpc` checks its AZs against these, and a lookup would need credentials. */
  public override get availabilityZones(): string[] {
    return [...this.zones];
  }
}
