/**
 * The organization map, generated from the config: the organization's OUs and accounts, the stacks
 * each account receives (from the app itself, so the picture cannot drift from what is deployed) and each
 * VPC with its tiers. Mermaid, so GitHub renders it in the README. `npm run diagram` writes
 * `docs/organization-map.md`; every synth writes `cdk.out/organization-map.md`.
 */
import { App, Stack } from 'aws-cdk-lib';
import { TIER_TABLES, type TierTables } from '../../constructs/network/tier-table';
import type { TierSizes } from '../../constructs/network/tiers';
import type { SynthReport } from '../template';
import type { LandingZoneConfig } from '../config/schema';

export const ARCHITECTURE_DOC_PATH = 'docs/organization-map.md';

/** A stack as the picture shows it. */
export interface StackSummary {
  readonly stackName: string;
  readonly account?: string;
  readonly region: string;
}

/** The landing zone's stacks as they appear in `app` (direct children of the app). */
export function stackSummaries(app: App): StackSummary[] {
  return app.node.children.filter(Stack.isStack).map((s) => ({ stackName: s.stackName, account: s.account, region: s.region }));
}

const id = (prefix: string, name: string) => `${prefix}_${name.replace(/[^A-Za-z0-9]/g, '_')}`;
const label = (text: string) => `"${text.replace(/"/g, "'")}"`;

/** The sized workload tiers of a VPC in tier-table order, e.g. `app /22` (an optional tier left unsized is absent). */
export function tierLabels(sizes: TierSizes | Readonly<Record<string, number | undefined>>, tables: TierTables = TIER_TABLES): string[] {
  const given = sizes as Readonly<Record<string, number | undefined>>;
  return tables.tiers.flatMap((t) => {
    const size = t.kind === 'workload' && t.sizeKey !== undefined ? given[t.sizeKey] : undefined;
    return size === undefined ? [] : [`${t.name} /${size}`];
  });
}

/** The Mermaid flowchart for `config`, with `stacks` placed in their accounts. */
export function renderArchitectureMermaid(config: LandingZoneConfig, stacks: readonly StackSummary[]): string {
  const org = config.organization;
  const lines: string[] = ['flowchart LR'];
  lines.push(`  root[${label(`Organization ${org.name} · root ${org.rootId}<br/>home ${org.homeRegion} · governed ${org.governedRegions.join(', ')}`)}]`);
  for (const ou of config.ous) {
    const parent = ou.includes('/') ? id('ou', ou.slice(0, ou.lastIndexOf('/'))) : 'root';
    lines.push(`  ${id('ou', ou)}[${label(`OU ${ou.split('/').pop()}`)}]`, `  ${parent} --> ${id('ou', ou)}`);
  }
  for (const account of config.accounts) {
    const accountNode = id('acct', account.name);
    lines.push(`  subgraph ${accountNode}[${label(`account ${account.name}${account.id ? ` · ${account.id}` : ''} · ${account.role}`)}]`);
    lines.push('    direction TB');
    for (const s of stacks.filter((x) => x.account === account.id)) {
      lines.push(`    ${id('stack', s.stackName)}[${label(`stack ${s.stackName}`)}]`);
    }
    for (const [env, net] of Object.entries(config.network).filter(([, n]) => n.account === account.name)) {
      const tiers = tierLabels(net.tiers);
      const extras = [
        `NAT ${net.natGateways}`,
        `${net.interfaceEndpoints.length} interface endpoints`,
        ...(net.firewall ? ['Network Firewall'] : []),
        ...(net.transitGateway ? [`TGW ${net.transitGateway.id}${net.transitGateway.vpnCustomerGatewayIp ? ' + VPN' : ''}`] : []),
        ...(net.bastion ? ['SSM bastion'] : []),
      ];
      lines.push(
        `    ${id('vpc', env)}[(${label(`VPC ${env} · ${net.cidr} · ${net.region ?? org.homeRegion} · ${net.azCount} AZs<br/>${tiers.join(' · ')}<br/>${extras.join(' · ')}`)})]`,
      );
    }
    lines.push('  end');
    lines.push(`  ${account.ou === 'Root' ? 'root' : id('ou', account.ou)} --> ${accountNode}`);
  }
  return lines.join('\n');
}

/** The Markdown page holding the picture (docs/organization-map.md and cdk.out/organization-map.md). */
export function renderArchitectureDoc(config: LandingZoneConfig, stacks: readonly StackSummary[]): string {
  return [
    '# Organization map',
    '',
    'Generated from `config/landing-zone.yaml` by `npm run diagram` (do not edit by hand; a test checks it is current):',
    'the organization, its OUs and accounts, the stacks each account receives and each VPC with its subnet tiers.',
    '',
    '```mermaid',
    renderArchitectureMermaid(config, stacks),
    '```',
    '',
  ].join('\n');
}

/** `cdk.out/organization-map.md`, from the app being synthesized. */
export function architectureReport(config: LandingZoneConfig): SynthReport {
  return {
    fileName: 'organization-map.md',
    render: (_stacks, context) => renderArchitectureDoc(config, stackSummaries(context.appConstruct as App)),
  };
}
