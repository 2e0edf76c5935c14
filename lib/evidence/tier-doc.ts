/**
 * The tier documentation, generated from the tier table (`constructs/network/tier-table.ts`): a table of
 * every tier (size, routing, who reaches it on which ports) and a Mermaid picture of the adjacency rows.
 * `npm run diagram` writes them into the `<!-- generated:tiers -->` block of docs/network.md (the README
 * copies the picture); a test fails when either is stale, so the docs cannot drift from the NACLs.
 */
import {
  DEFAULT_TIER_PORTS,
  destinationsOf,
  INFRASTRUCTURE_SUBNET_PREFIX,
  TIER_TABLES,
  type Peer,
  type PortRef,
  type TierPorts,
  type TierRouting,
  type TierRow,
  type TierTables,
} from '../../constructs/network/tier-table';

export const NETWORK_DOC_PATH = 'docs/network.md';

const ROUTING: Record<TierRouting, string> = {
  public: 'internet gateway (`PUBLIC`)',
  egress: 'NAT gateway (`PRIVATE_WITH_EGRESS`; isolated when `natGateways` is `none`; a default route to the transit gateway when it is `transit`)',
  isolated: 'no route to an internet or NAT gateway (`PRIVATE_ISOLATED`)',
  infrastructure: 'routes written by its option (`PRIVATE_ISOLATED` to CDK)',
};

const peerLabel = (peer: Peer): string =>
  typeof peer === 'object' ? peer.tier : { vpc: 'the VPC CIDR (every tier)', internet: 'internet', office: 'office networks' }[peer];

const portsLabel = (ref: PortRef, ports: TierPorts): string =>
  ref === 'ephemeral' ? 'ephemeral ports' : `${ref} ports (${ports[ref].join(', ')})`;

function sizeLabel(t: TierRow): string {
  if (t.kind === 'infrastructure') return `/${INFRASTRUCTURE_SUBNET_PREFIX}, with \`${t.option}\``;
  return t.defaultPrefix === undefined ? `optional (\`tiers.${t.sizeKey}\`)` : `/${t.defaultPrefix} (\`tiers.${t.sizeKey}\`)`;
}

function admits(t: TierRow, tables: TierTables, ports: TierPorts): string {
  if (t.kind === 'infrastructure') {
    const inbound = (t.forwarding ?? []).filter((r) => r.direction === 'ingress');
    return `forwards: ${inbound.map((r) => `${peerLabel(r.peer)} on ${portsLabel(r.ports, ports)}`).join('; ')}`;
  }
  const everyTier = new Set(tables.tiers.map((x) => x.name));
  const inbound = tables.adjacency.filter((a) => destinationsOf(a, everyTier, tables).includes(t.name));
  if (inbound.length === 0) return 'nothing (return traffic only)';
  return inbound
    .map((a) => {
      const notes = [...(a.exclusive ? ['denied from the rest of the VPC'] : []), ...(a.securityGroup === false ? ['NACL only'] : [])];
      return `${peerLabel(a.from)} on ${portsLabel(a.ports, ports)}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`;
    })
    .join('; ');
}

/** The Markdown table of every tier. */
export function renderTierTable(tables: TierTables = TIER_TABLES, ports: TierPorts = DEFAULT_TIER_PORTS): string {
  return [
    '| tier | runs | subnet per AZ | routing | admits (NACL and security group) |',
    '|---|---|---|---|---|',
    ...tables.tiers.map((t) => `| \`${t.name}\` | ${t.purpose} | ${sizeLabel(t)} | ${ROUTING[t.routing]} | ${admits(t, tables, ports)} |`),
  ].join('\n');
}

const nodeId = (name: string) => name.replace(/[^A-Za-z0-9]/g, '_');

/** The Mermaid picture of the adjacency rows: who may open connections to which tier, on which ports. */
export function renderTierAdjacencyMermaid(tables: TierTables = TIER_TABLES, ports: TierPorts = DEFAULT_TIER_PORTS): string {
  const lines = ['flowchart LR'];
  const declared = new Set<string>();
  const node = (peer: Peer | 'other-workload-tiers'): string => {
    const name = typeof peer === 'object' ? peer.tier : peer;
    const id = nodeId(name);
    if (!declared.has(id)) {
      declared.add(id);
      const row = tables.tiers.find((t) => t.name === name);
      const text = row ? `${row.name}<br/>${row.purpose}` : peer === 'other-workload-tiers' ? 'every other workload tier' : peerLabel(peer as Peer);
      lines.push(row ? `  ${id}["${text}"]` : `  ${id}(("${text}"))`);
    }
    return id;
  };
  for (const t of tables.tiers.filter((x) => x.kind === 'workload')) node({ tier: t.name });
  for (const a of tables.adjacency) {
    const to = a.to === 'other-workload-tiers' ? node('other-workload-tiers') : node({ tier: a.to });
    lines.push(`  ${node(a.from)} -->|"${a.ports}: ${ports[a.ports].join(', ')}"| ${to}`);
  }
  return lines.join('\n');
}

/** The content of docs/network.md's `tiers` block. */
export function renderTierSection(tables: TierTables = TIER_TABLES, ports: TierPorts = DEFAULT_TIER_PORTS): string {
  return [
    '<!-- Generated from constructs/network/tier-table.ts by `npm run diagram`. Do not edit. -->',
    '',
    renderTierTable(tables, ports),
    '',
    '```mermaid',
    renderTierAdjacencyMermaid(tables, ports),
    '```',
  ].join('\n');
}
