/**
 * The architecture picture, generated from the config: the organization's OUs and accounts, the stacks
 * each account receives (from the app itself, so the picture cannot drift from what is deployed) and each
 * VPC with its tiers. Mermaid, so GitHub renders it in the README. `npm run diagram` writes
 * `docs/architecture.md`; every synth writes `cdk.out/architecture.md`.
 */
import { App, Stack } from 'aws-cdk-lib';
import type { SynthReport } from '../template';
import type { LandingZoneConfig } from '../config/schema';

export const ARCHITECTURE_DOC_PATH = 'docs/architecture.md';

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
      const t = net.tiers;
      const tiers = [
        `public /${t.public}`,
        `app /${t.app}`,
        `data /${t.data}`,
        ...(t.protectedData !== undefined ? [`protected-data /${t.protectedData}`] : []),
        `admin /${t.admin}`,
        `monitoring /${t.monitoring}`,
      ];
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

/** The Markdown page holding the picture (docs/architecture.md and cdk.out/architecture.md). */
export function renderArchitectureDoc(config: LandingZoneConfig, stacks: readonly StackSummary[]): string {
  return [
    '# Architecture',
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

/** `cdk.out/architecture.md`, from the app being synthesized. */
export function architectureReport(config: LandingZoneConfig): SynthReport {
  return {
    fileName: 'architecture.md',
    render: (_stacks, context) => renderArchitectureDoc(config, stackSummaries(context.appConstruct as App)),
  };
}
