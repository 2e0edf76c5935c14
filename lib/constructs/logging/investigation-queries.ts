/**
 * Saved Athena queries for incident investigation. Each reads one table and narrows by the projected `day`
 * partition first, so a one-day question scans one day. Placeholders in ALL CAPS inside quotes are meant to
 * be edited (`'AKIA_ACCESS_KEY_ID'`, `'203.0.113.10'`...).
 */
export interface InvestigationQuery {
  /** Stable ID (named-query construct ID suffix: never change it). */
  readonly id: string;
  readonly name: string;
  readonly description: string;
  /** The table the query reads. */
  readonly table: 'cloudtrail' | 'flowLogs' | 'resolver' | 'guardDuty' | 'firewallAlerts' | 'elb' | 's3Access' | 'sessionLogs';
  /** SQL with `{table}` where the table name goes. */
  readonly sql: string;
}

const window = `day BETWEEN '2026/01/01' AND '2026/01/02'`;
/**
 * The account partition of CloudTrail and flow logs is injected (accounts created after the deploy need no config
 * edit), so every query names the accounts it searches: replace the list.
 * @see https://docs.aws.amazon.com/athena/latest/ug/partition-projection-dynamic-id-partitioning.html
 */
const accounts = `account IN ('111111111111', '333333333333')`;
const NAME_ACCOUNTS = ' Name the accounts to search in `account IN (...)`.';

export const INVESTIGATION_QUERIES: readonly InvestigationQuery[] = [
  {
    id: 'RootActivity',
    name: 'Root user activity',
    description: 'Every call made by a root user (CIS 4.3): who, from where, what.' + NAME_ACCOUNTS,
    table: 'cloudtrail',
    sql: `SELECT eventtime, recipientaccountid, awsregion, eventsource, eventname, sourceipaddress, useragent, errorcode
FROM {table}
WHERE ${window}
  AND ${accounts}
  AND useridentity.type = 'Root'
  AND useridentity.invokedby IS NULL
  AND eventtype <> 'AwsServiceEvent'
ORDER BY eventtime`,
  },
  {
    id: 'ConsoleLoginsWithoutMfa',
    name: 'Console sign-ins without MFA',
    description: 'Successful console sign-ins that did not use MFA (CIS 4.2).' + NAME_ACCOUNTS,
    table: 'cloudtrail',
    sql: `SELECT eventtime, recipientaccountid, useridentity.arn, sourceipaddress, useragent
FROM {table}
WHERE ${window}
  AND ${accounts}
  AND eventname = 'ConsoleLogin'
  AND json_extract_scalar(responseelements, '$.ConsoleLogin') = 'Success'
  AND coalesce(json_extract_scalar(additionaleventdata, '$.MFAUsed'), 'No') <> 'Yes'
ORDER BY eventtime`,
  },
  {
    id: 'FailedConsoleLogins',
    name: 'Failed console sign-ins',
    description: 'Failed console authentications by source IP and user (CIS 4.6): brute force shows as many rows per IP.' + NAME_ACCOUNTS,
    table: 'cloudtrail',
    sql: `SELECT sourceipaddress, useridentity.arn, recipientaccountid, count(*) AS failures, min(eventtime) AS first_seen, max(eventtime) AS last_seen
FROM {table}
WHERE ${window}
  AND ${accounts}
  AND eventname = 'ConsoleLogin'
  AND errormessage = 'Failed authentication'
GROUP BY sourceipaddress, useridentity.arn, recipientaccountid
ORDER BY failures DESC`,
  },
  {
    id: 'IamPolicyChanges',
    name: 'IAM policy changes',
    description: 'Policy creations, versions, attachments and inline-policy edits (CIS 4.4).' + NAME_ACCOUNTS,
    table: 'cloudtrail',
    sql: `SELECT eventtime, recipientaccountid, useridentity.arn, eventname, requestparameters, errorcode
FROM {table}
WHERE ${window}
  AND ${accounts}
  AND eventsource = 'iam.amazonaws.com'
  AND eventname IN ('DeleteGroupPolicy', 'DeleteRolePolicy', 'DeleteUserPolicy', 'PutGroupPolicy', 'PutRolePolicy',
    'PutUserPolicy', 'CreatePolicy', 'DeletePolicy', 'CreatePolicyVersion', 'DeletePolicyVersion', 'AttachRolePolicy',
    'DetachRolePolicy', 'AttachUserPolicy', 'DetachUserPolicy', 'AttachGroupPolicy', 'DetachGroupPolicy')
ORDER BY eventtime`,
  },
  {
    id: 'AccessKeyActivity',
    name: 'Everything one access key did',
    description: 'All calls signed with one access key ID in a time window (replace AKIA_ACCESS_KEY_ID).' + NAME_ACCOUNTS,
    table: 'cloudtrail',
    sql: `SELECT eventtime, recipientaccountid, awsregion, eventsource, eventname, sourceipaddress, useragent, errorcode, requestparameters
FROM {table}
WHERE ${window}
  AND ${accounts}
  AND useridentity.accesskeyid = 'AKIA_ACCESS_KEY_ID'
ORDER BY eventtime`,
  },
  {
    id: 'PrincipalActivity',
    name: 'Everything one principal did',
    description: 'All calls by one principal (user, or role by its session issuer) in a time window (replace PRINCIPAL_ARN).' + NAME_ACCOUNTS,
    table: 'cloudtrail',
    sql: `SELECT eventtime, recipientaccountid, awsregion, eventsource, eventname, useridentity.accesskeyid, sourceipaddress, errorcode
FROM {table}
WHERE ${window}
  AND ${accounts}
  AND (useridentity.arn = 'PRINCIPAL_ARN' OR useridentity.sessioncontext.sessionissuer.arn = 'PRINCIPAL_ARN')
ORDER BY eventtime`,
  },
  {
    id: 'SecurityGroupChanges',
    name: 'Security group changes',
    description: 'Security group creations, deletions and rule changes (CIS 4.10).' + NAME_ACCOUNTS,
    table: 'cloudtrail',
    sql: `SELECT eventtime, recipientaccountid, awsregion, useridentity.arn, eventname, requestparameters, errorcode
FROM {table}
WHERE ${window}
  AND ${accounts}
  AND eventsource = 'ec2.amazonaws.com'
  AND eventname IN ('AuthorizeSecurityGroupIngress', 'AuthorizeSecurityGroupEgress', 'RevokeSecurityGroupIngress',
    'RevokeSecurityGroupEgress', 'CreateSecurityGroup', 'DeleteSecurityGroup', 'ModifySecurityGroupRules')
ORDER BY eventtime`,
  },
  {
    id: 'UnauthorizedCallsByPrincipal',
    name: 'Unauthorized calls by principal',
    description: 'AccessDenied / UnauthorizedOperation counts per principal and API (CIS 4.1): probing shows as many distinct APIs.' + NAME_ACCOUNTS,
    table: 'cloudtrail',
    sql: `SELECT useridentity.arn, recipientaccountid, eventsource, eventname, errorcode, count(*) AS calls
FROM {table}
WHERE ${window}
  AND ${accounts}
  AND (errorcode LIKE '%UnauthorizedOperation' OR errorcode LIKE 'AccessDenied%')
GROUP BY useridentity.arn, recipientaccountid, eventsource, eventname, errorcode
ORDER BY calls DESC
LIMIT 100`,
  },
  {
    id: 'LoggingTampering',
    name: 'CloudTrail or Config tampering',
    description: 'Calls that stop, change or delete trails, Config recorders and delivery channels (CIS 4.5, 4.9), including denied attempts.' + NAME_ACCOUNTS,
    table: 'cloudtrail',
    sql: `SELECT eventtime, recipientaccountid, awsregion, useridentity.arn, eventsource, eventname, errorcode, requestparameters
FROM {table}
WHERE ${window}
  AND ${accounts}
  AND ((eventsource = 'cloudtrail.amazonaws.com'
        AND eventname IN ('StopLogging', 'DeleteTrail', 'UpdateTrail', 'PutEventSelectors', 'PutInsightSelectors', 'CreateTrail'))
    OR (eventsource = 'config.amazonaws.com'
        AND eventname IN ('StopConfigurationRecorder', 'DeleteConfigurationRecorder', 'DeleteDeliveryChannel',
          'PutDeliveryChannel', 'PutConfigurationRecorder')))
ORDER BY eventtime`,
  },
  {
    id: 'TopRejectedFlows',
    name: 'Top rejected flows',
    description: 'Source/destination/port triples most often rejected by security groups or network ACLs.' + NAME_ACCOUNTS,
    table: 'flowLogs',
    sql: `SELECT srcaddr, dstaddr, dstport, protocol, account_id, vpc_id, count(*) AS flows, sum(packets) AS packets
FROM {table}
WHERE ${window}
  AND ${accounts}
  AND action = 'REJECT'
GROUP BY srcaddr, dstaddr, dstport, protocol, account_id, vpc_id
ORDER BY flows DESC
LIMIT 100`,
  },
  {
    id: 'TrafficForIp',
    name: 'All traffic to or from one IP',
    description: 'Every flow record with the IP as source or destination (replace 203.0.113.10).' + NAME_ACCOUNTS,
    table: 'flowLogs',
    sql: `SELECT from_unixtime(start) AS started, account_id, vpc_id, interface_id, srcaddr, srcport, dstaddr, dstport, protocol, action, bytes
FROM {table}
WHERE ${window}
  AND ${accounts}
  AND (srcaddr = '203.0.113.10' OR dstaddr = '203.0.113.10' OR pkt_srcaddr = '203.0.113.10' OR pkt_dstaddr = '203.0.113.10')
ORDER BY start`,
  },
  {
    id: 'TopClientsOfDomain',
    name: 'Top clients resolving a domain',
    description: 'Which instances asked most for a domain and its subdomains (replace example.com, the account and the VPC ID): beaconing shows as one client, many queries.',
    table: 'resolver',
    sql: `SELECT srcids.instance, srcaddr, query_name, query_type, rcode, count(*) AS queries
FROM {table}
WHERE ${window}
  AND account = '333333333333' AND vpc = 'vpc-0123456789abcdef0'
  AND (query_name = 'example.com.' OR query_name LIKE '%.example.com.')
GROUP BY srcids.instance, srcaddr, query_name, query_type, rcode
ORDER BY queries DESC
LIMIT 100`,
  },
  {
    id: 'FindingTimeline',
    name: 'A finding\u2019s timeline',
    description: 'Every exported version of one GuardDuty finding, oldest first (replace FINDING_ID): when it started, how often it recurred, how severe.',
    table: 'guardDuty',
    sql: `SELECT createdat, updatedat, accountid, region, type, severity, title, json_extract_scalar(service, '$.count') AS occurrences, json_extract_scalar(service, '$.action.actionType') AS action_type
FROM {table}
WHERE ${window}
  AND id = 'FINDING_ID'
ORDER BY updatedat`,
  },
  {
    id: 'HighSeverityFindings',
    name: 'High-severity findings',
    description: 'GuardDuty findings of severity 7 or more, newest first, with the affected account and resource type.',
    table: 'guardDuty',
    sql: `SELECT updatedat, accountid, region, type, severity, title, json_extract_scalar(resource, '$.resourceType') AS resource_type
FROM {table}
WHERE ${window}
  AND severity >= 7
ORDER BY updatedat DESC`,
  },
  {
    id: 'FirewallAlertsBySignature',
    name: 'Firewall alerts by signature',
    description: 'Network Firewall alerts per signature, source and destination (replace the account and the firewall name).',
    table: 'firewallAlerts',
    sql: `SELECT event.alert.signature, event.alert.action, event.src_ip, event.dest_ip, event.dest_port, count(*) AS alerts
FROM {table}
WHERE hour BETWEEN '2026/01/01/00' AND '2026/01/02/23'
  AND account = '333333333333' AND firewall = 'FIREWALL_NAME'
GROUP BY event.alert.signature, event.alert.action, event.src_ip, event.dest_ip, event.dest_port
ORDER BY alerts DESC
LIMIT 100`,
  },
  {
    id: 'Http5xxByClient',
    name: '5xx responses by client',
    description: 'Which clients got server errors from a load balancer, and whether the load balancer or the target produced them (replace the account and the SecureLoadBalancer address; other regions: the elb_access_logs_<region> table).',
    table: 'elb',
    sql: `SELECT client_ip, elb, elb_status_code, target_status_code, count(*) AS responses, min(time) AS first_seen, max(time) AS last_seen
FROM {table}
WHERE ${window}
  AND account = '333333333333' AND lb = 'LB_ADDRESS'
  AND elb_status_code >= 500
GROUP BY client_ip, elb, elb_status_code, target_status_code
ORDER BY responses DESC
LIMIT 100`,
  },
  {
    id: 'WhoListedTheArchive',
    name: 'Who listed or read the archive',
    description: 'Every principal that listed the log archive or read objects from it, from where and how often (other buckets: their s3_access_logs_* table).',
    table: 's3Access',
    sql: `SELECT requester, remoteip, bucket_name, operation, count(*) AS requests, min(requestdatetime) AS first_seen, max(requestdatetime) AS last_seen
FROM {table}
WHERE ${window}
  AND operation IN ('REST.GET.BUCKET', 'REST.GET.OBJECT', 'REST.HEAD.OBJECT')
GROUP BY requester, remoteip, bucket_name, operation
ORDER BY requests DESC`,
  },
  {
    id: 'SessionsRunningCommand',
    name: 'Sessions that ran a command',
    description: 'Session Manager transcripts of one account containing a command (replace the account and COMMAND); read a whole transcript from its object.',
    table: 'sessionLogs',
    sql: `SELECT "$path" AS transcript, count(*) AS matching_lines
FROM {table}
WHERE account = '333333333333'
  AND line LIKE '%COMMAND%'
GROUP BY "$path"
ORDER BY matching_lines DESC`,
  },
];
