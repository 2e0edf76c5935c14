/**
 * Security-log account, home region: the silence alarms of the network accounts' log sources (flow logs, Resolver
 * query logs, firewall alerts), spread over a fixed number of stacks by a stable hash of the account ID, so the log
 * archive stack's size does not grow with the VPCs (two alarms each: 200 VPC accounts would put it past
 * CloudFormation's 500 resources) and adding an account never moves another's alarms.
 * The metrics filters the alarms read stay on the archive bucket (`addSilenceMetrics` in the log-archive stack).
 */
import { Stack, type StackProps } from 'aws-cdk-lib';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { fnv1a } from '../config/account-shards';
import { LogFreshnessAlarms } from '../constructs/logging/log-freshness-alarms';
import { accountLogSources, type NetworkAccount } from './log-archive-stack';

/** Fixed number of log-silence stacks: at most ~400 alarms each leaves room for 1,600 network accounts. */
export const LOG_SILENCE_SHARDS = 8;

/** The log-silence stack (`0`..`LOG_SILENCE_SHARDS - 1`) that holds `accountId`'s alarms. */
export function logSilenceShardOf(accountId: string): number {
  return fnv1a(accountId) % LOG_SILENCE_SHARDS;
}

export interface LogSilenceStackProps extends StackProps {
  /** The network accounts of this shard. */
  readonly accounts: readonly NetworkAccount[];
  /** The archive bucket, by name (its metrics filters are in the log-archive stack). */
  readonly archiveBucketName: string;
  /** The security alarm topic of the log-archive stack (same account and region), by ARN. */
  readonly alarmTopicArn: string;
}

export class LogSilenceStack extends Stack {
  public readonly freshness: LogFreshnessAlarms;

  constructor(scope: Construct, id: string, props: LogSilenceStackProps) {
    super(scope, id, props);
    this.freshness = new LogFreshnessAlarms(this, 'Freshness', {
      sources: accountLogSources(props.accounts, { bucketName: props.archiveBucketName }),
      topic: Topic.fromTopicArn(this, 'AlarmTopic', props.alarmTopicArn),
    });
  }
}
