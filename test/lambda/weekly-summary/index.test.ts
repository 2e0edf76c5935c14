import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { GetFindingsCommand, SecurityHubClient, type AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { ConfigServiceClient, GetAggregateConfigRuleComplianceSummaryCommand } from '@aws-sdk/client-config-service';
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { handler, summarize } from '../../../lambda/weekly-summary';

const securityHub = mockClient(SecurityHubClient);
const config = mockClient(ConfigServiceClient);
const orgs = mockClient(OrganizationsClient);
const NOW = new Date('2026-12-07T08:00:00Z');

const finding = (label: string) => ({ Severity: { Label: label } }) as AwsSecurityFinding;
const throttled = () => Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
const compliance = (rows: [string, number][], NextToken?: string) => ({
  GroupByKey: 'ACCOUNT_ID',
  AggregateComplianceCounts: rows.map(([GroupName, n]) => ({ GroupName, ComplianceSummary: { NonCompliantResourceCount: { CappedCount: n, CapExceeded: false } } })),
  NextToken,
});
const quiet = { silentSources: { alarmNames: [] }, previous: { value: JSON.stringify({ nonCompliantRules: 5, accounts: 6 }) } };

beforeEach(() => {
  securityHub.reset();
  config.reset();
  orgs.reset();
  process.env.AGGREGATOR_NAME = 'acme-organization';
  process.env.BACKOFF_BASE_MS = '1';
  delete process.env.MAX_FINDING_PAGES;
});

describe('weekly summary handler', () => {
  test('a normal week: new findings by severity, the compliance change, accounts added and silent log sources', async () => {
    securityHub.on(GetFindingsCommand).resolves({ Findings: [finding('CRITICAL'), finding('HIGH'), finding('HIGH'), finding('LOW')] });
    config.on(GetAggregateConfigRuleComplianceSummaryCommand).resolves(compliance([['222222222222', 3], ['333333333333', 5]]));
    orgs.on(ListAccountsCommand).resolves({
      Accounts: [
        { Id: '444444444444', Name: 'payments-prod', JoinedTimestamp: new Date('2026-12-03T10:00:00Z') },
        { Id: '222222222222', Name: 'security-log', JoinedTimestamp: new Date('2025-01-01T00:00:00Z') },
      ],
    });
    const s = await summarize({ silentSources: { alarmNames: ['LZ-LogSilence-cloudtrail'] }, previous: { value: JSON.stringify({ nonCompliantRules: 5 }) } }, NOW);

    expect(s.partial).toBe(false);
    expect(s.subject).toBe('Weekly security summary 2026-12-07');
    expect(s.text).toContain('New findings: 4\n  CRITICAL 1, HIGH 2, MEDIUM 0, LOW 1, INFORMATIONAL 0');
    expect(s.text).toContain('Non-compliant Config rules (summed over accounts): 8, +3 since last week (5)');
    expect(s.text).toContain('most: 333333333333 5, 222222222222 3');
    expect(s.text).toContain('Accounts added: payments-prod (444444444444, 2026-12-03); 2 accounts in the organization');
    expect(s.text).toContain('Log sources silent: LZ-LogSilence-cloudtrail');
    expect(JSON.parse(s.countsJson)).toEqual({ nonCompliantRules: 8, accounts: 2, weekEnding: '2026-12-07' });
    // The requests as the APIs document them: a 7-day CreatedAt range, the aggregator grouped by account.
    // https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_GetFindings.html
    expect(securityHub).toHaveReceivedCommandWith(GetFindingsCommand, {
      Filters: { CreatedAt: [{ DateRange: { Value: 7, Unit: 'DAYS' } }], RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' }] },
      MaxResults: 100,
    });
    expect(config).toHaveReceivedCommandWith(GetAggregateConfigRuleComplianceSummaryCommand, { ConfigurationAggregatorName: 'acme-organization', GroupByKey: 'ACCOUNT_ID' });
  });

  test('an empty week says so, section by section, rather than sending an empty page', async () => {
    securityHub.on(GetFindingsCommand).resolves({ Findings: [] });
    config.on(GetAggregateConfigRuleComplianceSummaryCommand).resolves(compliance([['222222222222', 0]]));
    orgs.on(ListAccountsCommand).resolves({ Accounts: [] });
    const s = await summarize({ silentSources: { alarmNames: [] } }, NOW);
    expect(s.partial).toBe(false);
    expect(s.text).toContain('New findings: 0\n  CRITICAL 0, HIGH 0, MEDIUM 0, LOW 0, INFORMATIONAL 0');
    expect(s.text).toContain('Non-compliant Config rules (summed over accounts): 0, no count from last week');
    expect(s.text).toContain('Accounts added: none; 0 accounts in the organization');
    expect(s.text).toContain('Log sources silent: none');
  });

  test('reads every page of findings, compliance counts and accounts', async () => {
    securityHub
      .on(GetFindingsCommand)
      .resolvesOnce({ Findings: [finding('HIGH')], NextToken: 'f2' })
      .resolvesOnce({ Findings: [finding('HIGH')], NextToken: 'f3' })
      .resolvesOnce({ Findings: [finding('MEDIUM')] });
    config.on(GetAggregateConfigRuleComplianceSummaryCommand).resolvesOnce(compliance([['222222222222', 2]], 'c2')).resolvesOnce(compliance([['333333333333', 1]]));
    orgs.on(ListAccountsCommand).resolvesOnce({ Accounts: [{ Id: '1' }], NextToken: 'a2' }).resolvesOnce({ Accounts: [{ Id: '2' }] });
    const s = await summarize(quiet, NOW);
    expect(securityHub).toHaveReceivedCommandTimes(GetFindingsCommand, 3);
    expect(securityHub).toHaveReceivedNthCommandWith(3, GetFindingsCommand, { NextToken: 'f3' });
    expect(config).toHaveReceivedNthCommandWith(2, GetAggregateConfigRuleComplianceSummaryCommand, { NextToken: 'c2' });
    expect(orgs).toHaveReceivedNthCommandWith(2, ListAccountsCommand, { NextToken: 'a2' });
    expect(s.text).toContain('New findings: 3\n  CRITICAL 0, HIGH 2, MEDIUM 1');
    expect(s.text).toContain('Non-compliant Config rules (summed over accounts): 3, -2 since last week (5)');
    expect(s.text).toContain('2 accounts in the organization');
  });

  test('stops after the page limit and says the count is a lower bound', async () => {
    process.env.MAX_FINDING_PAGES = '2';
    securityHub.on(GetFindingsCommand).resolves({ Findings: [finding('LOW')], NextToken: 'more' });
    config.on(GetAggregateConfigRuleComplianceSummaryCommand).resolves(compliance([]));
    orgs.on(ListAccountsCommand).resolves({ Accounts: [] });
    const s = await summarize(quiet, NOW);
    expect(securityHub).toHaveReceivedCommandTimes(GetFindingsCommand, 2);
    expect(s.text).toContain('New findings: 2+ (more than the pages read');
  });

  test('retries a throttled call with backoff, then reports the whole week', async () => {
    securityHub.on(GetFindingsCommand).rejectsOnce(throttled()).rejectsOnce(throttled()).resolves({ Findings: [finding('CRITICAL')] });
    config.on(GetAggregateConfigRuleComplianceSummaryCommand).rejectsOnce(throttled()).resolves(compliance([['222222222222', 5]]));
    orgs.on(ListAccountsCommand).resolves({ Accounts: [] });
    const s = await summarize(quiet, NOW);
    expect(securityHub).toHaveReceivedCommandTimes(GetFindingsCommand, 3);
    expect(config).toHaveReceivedCommandTimes(GetAggregateConfigRuleComplianceSummaryCommand, 2);
    expect(s.partial).toBe(false);
    expect(s.text).toContain('CRITICAL 1');
    expect(s.text).toContain('5, unchanged');
  });

  test('throttled past every retry: a clear partial summary, and last week\'s count kept for the next comparison', async () => {
    securityHub.on(GetFindingsCommand).resolves({ Findings: [finding('HIGH')] });
    config.on(GetAggregateConfigRuleComplianceSummaryCommand).rejects(throttled());
    orgs.on(ListAccountsCommand).resolves({ Accounts: [] });
    const s = await summarize({ silentSources: { error: 'CloudWatch.CloudWatchException' }, previous: { value: JSON.stringify({ nonCompliantRules: 5, accounts: 6 }) } }, NOW);
    expect(config).toHaveReceivedCommandTimes(GetAggregateConfigRuleComplianceSummaryCommand, 6);
    expect(s.partial).toBe(true);
    expect(s.subject).toBe('[partial] Weekly security summary 2026-12-07');
    expect(s.text).toContain('Compliance: UNAVAILABLE this week (ThrottlingException: Rate exceeded)');
    expect(s.text).toContain('Log sources silent: UNAVAILABLE this week (CloudWatch.CloudWatchException)');
    expect(s.text).toContain('HIGH 1'); // what could be read is still reported
    expect(s.counts.nonCompliantRules).toBe(5);
  });

  test('an error that is not throttling is not retried, and is reported', async () => {
    securityHub.on(GetFindingsCommand).rejects(Object.assign(new Error('not subscribed'), { name: 'InvalidAccessException' }));
    config.on(GetAggregateConfigRuleComplianceSummaryCommand).resolves(compliance([]));
    orgs.on(ListAccountsCommand).resolves({ Accounts: [] });
    const s = await summarize(quiet, NOW);
    expect(securityHub).toHaveReceivedCommandTimes(GetFindingsCommand, 1);
    expect(s.text).toContain('New findings: UNAVAILABLE this week (InvalidAccessException: not subscribed)');
  });

  test('last week\'s stored value, absent or unreadable, means no comparison rather than a failure', async () => {
    securityHub.on(GetFindingsCommand).resolves({ Findings: [] });
    config.on(GetAggregateConfigRuleComplianceSummaryCommand).resolves(compliance([['222222222222', 1]]));
    orgs.on(ListAccountsCommand).resolves({ Accounts: [] });
    for (const previous of [null, { value: 'not json' }, undefined]) {
      const s = await summarize({ silentSources: { alarmNames: [] }, previous }, NOW);
      expect(s.text).toContain('1, no count from last week');
    }
  });

  test('refuses to run without the aggregator name', async () => {
    delete process.env.AGGREGATOR_NAME;
    await expect(handler({})).rejects.toThrow(/AGGREGATOR_NAME is not set/);
  });
});
