/**
 * Weekly security summary (security-log account, home region): one page of what changed in the last 7 days.
 *
 * The state machine that runs this (lib/constructs/detection/weekly-summary.ts) reads the log-silence alarms and
 * last week's counts before, and publishes the page and stores this week's counts after: this function only reads
 * Security Hub, AWS Config and AWS Organizations, and formats.
 *
 * - New findings by severity: Security Hub `GetFindings`, created within 7 days, active, every page.
 * - Compliance change: Config aggregator `GetAggregateConfigRuleComplianceSummary` (non-compliant rules per account,
 *   summed) against last week's stored count (an SSM SecureString the state machine reads and writes).
 * - Accounts added: Organizations `ListAccounts`, joined within 7 days. A member account that is a delegated
 *   administrator for an AWS service (this one is, for GuardDuty, Security Hub, Config, ...) may call it:
 *   https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListAccounts.html
 * - Log sources silent: the `LZ-LogSilence-*` alarms in ALARM, as the state machine read them (`DescribeAlarms`).
 *
 * A section whose API keeps throttling (after backoff) or fails is reported as unavailable, and the page is marked
 * partial: a summary that says what it could not read, never silence. Its count is not overwritten, so next week
 * still compares with the last known value.
 */
import { SecurityHubClient, GetFindingsCommand, type AwsSecurityFindingFilters } from '@aws-sdk/client-securityhub';
import { ConfigServiceClient, GetAggregateConfigRuleComplianceSummaryCommand } from '@aws-sdk/client-config-service';
import { OrganizationsClient, ListAccountsCommand } from '@aws-sdk/client-organizations';
import { withRetries } from '../shared/retry';

/** Severity labels in the order the page lists them. */
export const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL'] as const;

/** What the state machine passes in. */
export interface SummaryInput {
  /** Names of the log-silence alarms in ALARM, or the error the state machine caught reading them. */
  readonly silentSources?: { readonly alarmNames?: readonly string[]; readonly error?: string; readonly Error?: string };
  /** Last week's counts as stored (a JSON string), or absent on the first run. */
  readonly previous?: { readonly value?: string } | null;
}

/** The counts kept from week to week (stored encrypted by the state machine). */
export interface Counts {
  readonly nonCompliantRules?: number;
  readonly accounts?: number;
  readonly weekEnding?: string;
}

export interface Summary {
  readonly subject: string;
  readonly text: string;
  /** This week's counts, with last week's value where this week's could not be read. */
  readonly counts: Counts;
  /** The stored form of `counts`. */
  readonly countsJson: string;
  readonly partial: boolean;
}

const region = process.env.AWS_REGION ?? 'us-east-1';
// SDK retries off: the shared backoff below is the one retry policy (and is what the tests exercise).
const securityHub = new SecurityHubClient({ region, maxAttempts: 1 });
const config = new ConfigServiceClient({ region, maxAttempts: 1 });
// Organizations has one endpoint, in us-east-1, for the commercial partition.
const organizations = new OrganizationsClient({ region: 'us-east-1', maxAttempts: 1 });

/** BACKOFF_BASE_MS scales the backoff sleeps (500 = as designed; tests use 1). */
const sleep = (ms: number) => new Promise((r) => setTimeout(r, (ms * Number(process.env.BACKOFF_BASE_MS ?? 500)) / 500));
const retry = <T>(call: () => Promise<T>) => withRetries(call, 6, sleep);

/** Pages read at most (100 findings each), so a flood of findings cannot run the function out of time. */
const maxFindingPages = () => Number(process.env.MAX_FINDING_PAGES ?? 50);

/** Active findings created in the last 7 days, by severity label. `capped` when more pages remained. */
export async function newFindingsBySeverity(): Promise<{ bySeverity: Record<string, number>; total: number; capped: boolean }> {
  const Filters: AwsSecurityFindingFilters = {
    CreatedAt: [{ DateRange: { Value: 7, Unit: 'DAYS' } }],
    RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' }],
  };
  const bySeverity: Record<string, number> = Object.fromEntries(SEVERITIES.map((s) => [s, 0]));
  let total = 0;
  let NextToken: string | undefined;
  for (let page = 0; page < maxFindingPages(); page++) {
    const out = await retry(() => securityHub.send(new GetFindingsCommand({ Filters, MaxResults: 100, NextToken })));
    for (const f of out.Findings ?? []) {
      const label = f.Severity?.Label ?? 'INFORMATIONAL';
      bySeverity[label] = (bySeverity[label] ?? 0) + 1;
      total++;
    }
    NextToken = out.NextToken;
    if (!NextToken) return { bySeverity, total, capped: false };
  }
  return { bySeverity, total, capped: true };
}

/** Non-compliant Config rules summed over accounts, and the accounts with the most. */
export async function nonCompliantRules(aggregatorName: string): Promise<{ total: number; byAccount: [string, number][] }> {
  const byAccount: [string, number][] = [];
  let NextToken: string | undefined;
  do {
    const out = await retry(() =>
      config.send(new GetAggregateConfigRuleComplianceSummaryCommand({ ConfigurationAggregatorName: aggregatorName, GroupByKey: 'ACCOUNT_ID', NextToken })),
    );
    for (const c of out.AggregateComplianceCounts ?? []) byAccount.push([c.GroupName ?? '?', c.ComplianceSummary?.NonCompliantResourceCount?.CappedCount ?? 0]);
    NextToken = out.NextToken;
  } while (NextToken);
  byAccount.sort((a, b) => b[1] - a[1]);
  return { total: byAccount.reduce((n, [, c]) => n + c, 0), byAccount };
}

/** Accounts of the organization, and those that joined in the 7 days before `now`. */
export async function accounts(now: Date): Promise<{ total: number; added: { id: string; name: string; joined: string }[] }> {
  const since = now.getTime() - 7 * 86_400_000;
  const added: { id: string; name: string; joined: string }[] = [];
  let total = 0;
  let NextToken: string | undefined;
  do {
    const out = await retry(() => organizations.send(new ListAccountsCommand({ NextToken })));
    for (const a of out.Accounts ?? []) {
      total++;
      if (a.JoinedTimestamp && a.JoinedTimestamp.getTime() >= since) added.push({ id: a.Id ?? '?', name: a.Name ?? '?', joined: a.JoinedTimestamp.toISOString().slice(0, 10) });
    }
    NextToken = out.NextToken;
  } while (NextToken);
  return { total, added };
}

/** `a section`, or the reason it could not be read. */
async function attempt<T>(read: () => Promise<T>): Promise<{ ok: T } | { error: string }> {
  try {
    return { ok: await read() };
  } catch (e) {
    const err = e as Error;
    return { error: `${err.name ?? 'Error'}: ${err.message ?? ''}`.trim() };
  }
}

function parsePrevious(input: SummaryInput): Counts {
  try {
    const parsed = JSON.parse(input.previous?.value ?? '{}') as Counts;
    return typeof parsed === 'object' && parsed !== null ? parsed : {};
  } catch {
    return {};
  }
}

const delta = (now: number, before: number | undefined) => (before === undefined ? 'no count from last week' : now === before ? 'unchanged' : `${now > before ? '+' : ''}${now - before} since last week (${before})`);

/** Builds the page for the week ending `now`. */
export async function summarize(input: SummaryInput, now: Date): Promise<Summary> {
  const aggregatorName = process.env.AGGREGATOR_NAME;
  if (!aggregatorName) throw new Error('AGGREGATOR_NAME is not set');
  const previous = parsePrevious(input);
  const [findings, compliance, members] = await Promise.all([attempt(newFindingsBySeverity), attempt(() => nonCompliantRules(aggregatorName)), attempt(() => accounts(now))]);
  const weekEnding = now.toISOString().slice(0, 10);
  const lines: string[] = [`Security summary, 7 days to ${weekEnding} (${process.env.ORGANIZATION_NAME ?? 'landing zone'})`, ''];
  let partial = false;
  const unavailable = (what: string, error: string) => {
    partial = true;
    lines.push(`${what}: UNAVAILABLE this week (${error}). Check the dashboard instead.`);
  };

  if ('ok' in findings) {
    const f = findings.ok;
    lines.push(`New findings: ${f.total}${f.capped ? '+ (more than the pages read; see the dashboard)' : ''}`);
    lines.push(`  ${SEVERITIES.map((s) => `${s} ${f.bySeverity[s] ?? 0}`).join(', ')}`);
  } else unavailable('New findings', findings.error);

  if ('ok' in compliance) {
    const c = compliance.ok;
    lines.push(`Non-compliant Config rules (summed over accounts): ${c.total}, ${delta(c.total, previous.nonCompliantRules)}`);
    const worst = c.byAccount.filter(([, n]) => n > 0).slice(0, 5);
    if (worst.length > 0) lines.push(`  most: ${worst.map(([a, n]) => `${a} ${n}`).join(', ')}`);
  } else unavailable('Compliance', compliance.error);

  if ('ok' in members) {
    const m = members.ok;
    lines.push(`Accounts added: ${m.added.length === 0 ? 'none' : m.added.map((a) => `${a.name} (${a.id}, ${a.joined})`).join(', ')}; ${m.total} accounts in the organization`);
  } else unavailable('Accounts added', members.error);

  const silent = input.silentSources;
  if (silent?.alarmNames) lines.push(`Log sources silent: ${silent.alarmNames.length === 0 ? 'none' : silent.alarmNames.join(', ')}`);
  else unavailable('Log sources silent', silent?.error ?? silent?.Error ?? 'the alarms were not read');

  lines.push('', 'Dashboard and inventory: docs/operations.md. Respond with docs/runbook.md.');
  const counts: Counts = {
    nonCompliantRules: 'ok' in compliance ? compliance.ok.total : previous.nonCompliantRules,
    accounts: 'ok' in members ? members.ok.total : previous.accounts,
    weekEnding,
  };
  const subject = `${partial ? '[partial] ' : ''}Weekly security summary ${weekEnding}`;
  return { subject, text: lines.join('\n'), counts, countsJson: JSON.stringify(counts), partial };
}

/** Lambda entry point (the state machine's input is the event; the second argument is Lambda's context). */
export const handler = (input: SummaryInput | undefined): Promise<Summary> => summarize(input ?? {}, new Date());
