/**
 * The one table of a `TieredVpc`'s network facts. Each tier is a row of `TIER_TABLE` (name, default size,
 * routing); each flow between tiers is a row of `ADJACENCY` (who may open connections to which tier on
 * which class of ports). The subnet layout, subnet types, NACLs, security groups, the config schema's
 * tier sizes and the generated tier documentation are all derived from these rows, so adding a tier is
 * adding its rows here (plus tests); the compiler then points at the one documented prop (`TierSizes`).
 *
 * Pure data, no CDK: the config loader reads it before any construct exists.
 */
import { CIFS_PORTS, REMOTE_ADMIN_PORTS, SECURE_DATABASE_PORTS } from '../core/ports';

/** Ports each kind of flow uses. */
export interface TierPorts {
  /** Ports the internet reaches the public tier on, and private tiers reach the internet on. @default [443, 80] */
  readonly internet: readonly number[];
  /** Ports the public tier (load balancers) reaches the app tier on. @default [443, 8080] */
  readonly app: readonly number[];
  /** Ports the app tier reaches the data tiers on. @default [5433, 3307] (SecureDatabase's defaults) */
  readonly data: readonly number[];
  /** Ports the admin tier reaches every other tier on; the only source of 22/3389. @default [22, 3389] */
  readonly admin: readonly number[];
  /** Ports every tier reaches the monitoring tier (collectors, interface endpoints) on. @default [443] */
  readonly monitoring: readonly number[];
}

export const DEFAULT_TIER_PORTS: TierPorts = {
  internet: [443, 80],
  app: [443, 8080],
  // The ports SecureDatabase listens on by default, so the two constructs work together unchanged.
  data: [SECURE_DATABASE_PORTS.postgres, SECURE_DATABASE_PORTS.mysql],
  admin: [...REMOTE_ADMIN_PORTS],
  monitoring: [443],
};

/** A kind of flow: the name of a port list in `TierPorts`. */
export type PortClass = keyof TierPorts;

/** Every port class, in the order problems with them are reported. */
export const PORT_CLASSES: readonly PortClass[] = ['internet', 'app', 'data', 'admin', 'monitoring'];

/** Ports only the admin port class may open (remote shells and SMB), whatever the caller's ports say. */
export const ADMIN_ONLY_PORTS: readonly number[] = [...REMOTE_ADMIN_PORTS, ...CIFS_PORTS];

/**
 * How a tier's subnets route, which decides their `SubnetType`:
 * - `public`: a default route to the internet gateway (`PUBLIC`);
 * - `egress`: out through a NAT gateway (`PRIVATE_WITH_EGRESS`, or `PRIVATE_ISOLATED` when NAT is `none`);
 * - `isolated`: no route to an internet or NAT gateway (`PRIVATE_ISOLATED`);
 * - `infrastructure`: `PRIVATE_ISOLATED` for CDK; the option that creates the tier writes its routes.
 */
export type TierRouting = 'public' | 'egress' | 'isolated' | 'infrastructure';

/** Who is on the other end of a rule: a tier's subnets, the whole VPC, the internet, or the office networks. */
export type Peer<T extends string = string> = { readonly tier: T } | 'vpc' | 'internet' | 'office';

/** Ports a forwarding rule names: a port class or the ephemeral range. */
export type PortRef = PortClass | 'ephemeral';

/** One NACL rule of an infrastructure tier, whose traffic belongs to flows that begin and end elsewhere. */
export interface ForwardingRule<T extends string = string> {
  readonly direction: 'ingress' | 'egress';
  readonly peer: Peer<T>;
  readonly ports: PortRef;
}

/** One tier: a subnet group of the VPC, named exactly like `name`. */
export interface TierRow<T extends string = string> {
  readonly name: T;
  /** Workload tiers get a security group and take part in the adjacency; infrastructure tiers forward. */
  readonly kind: 'workload' | 'infrastructure';
  /** Key of the tier in `TierSizes` and in the config's `tiers` (workload tiers). */
  readonly sizeKey?: string;
  /** Default per-AZ prefix length; absent on a workload tier: optional, laid out only when sized. */
  readonly defaultPrefix?: number;
  /** The `TieredVpc` option that creates an infrastructure tier (always `INFRASTRUCTURE_SUBNET_PREFIX`). */
  readonly option?: 'firewall' | 'transit';
  readonly routing: TierRouting;
  /** What runs there, for the generated documentation. */
  readonly purpose: string;
  /** The config schema's description of the tier's size. */
  readonly sizeDescription?: string;
  /** The NACL rules of an infrastructure tier, in rule order. */
  readonly forwarding?: readonly ForwardingRule<T>[];
}

/**
 * Firewall endpoints and transit gateway attachments each take one /28 per AZ: AWS recommends small
 * dedicated subnets for both so their route tables and NACLs stay independent of workloads.
 */
export const INFRASTRUCTURE_SUBNET_PREFIX = 28;

/**
 * The tiers, in the order the docs and the config schema list them. Subnets are laid out default tiers
 * first, then optional ones, then infrastructure ones, each group in this order, so sizing an optional tier
 * never moves the subnets of the others.
 */
export const TIER_TABLE = [
  {
    name: 'public',
    kind: 'workload',
    sizeKey: 'public',
    defaultPrefix: 24,
    routing: 'public',
    purpose: 'load balancers, NAT gateways',
    sizeDescription: 'Prefix length of each public subnet (load balancers, NAT).',
  },
  {
    name: 'app',
    kind: 'workload',
    sizeKey: 'app',
    defaultPrefix: 22,
    routing: 'egress',
    purpose: 'services',
    sizeDescription: 'Prefix length of each application subnet.',
  },
  {
    name: 'data',
    kind: 'workload',
    sizeKey: 'data',
    defaultPrefix: 24,
    routing: 'isolated',
    purpose: 'databases',
    sizeDescription: 'Prefix length of each data subnet (no internet route).',
  },
  {
    name: 'protected-data',
    kind: 'workload',
    sizeKey: 'protectedData',
    routing: 'isolated',
    purpose: 'databases holding protected data (optional)',
    sizeDescription: 'Prefix length of each protected-data subnet; omit for no protected-data tier.',
  },
  {
    name: 'admin',
    kind: 'workload',
    sizeKey: 'admin',
    defaultPrefix: 27,
    routing: 'egress',
    purpose: 'SSM-only bastion',
    sizeDescription: 'Prefix length of each admin (bastion) subnet.',
  },
  {
    name: 'monitoring',
    kind: 'workload',
    sizeKey: 'monitoring',
    defaultPrefix: 27,
    routing: 'egress',
    purpose: 'collectors, interface VPC endpoints',
    sizeDescription: 'Prefix length of each monitoring subnet.',
  },
  {
    name: 'firewall',
    kind: 'infrastructure',
    option: 'firewall',
    routing: 'infrastructure',
    purpose: 'Network Firewall endpoints between the internet gateway and the public tier',
    // The endpoints forward internet flows both ways; the public tier's NACL still filters them.
    forwarding: [
      { direction: 'ingress', peer: 'internet', ports: 'internet' },
      { direction: 'ingress', peer: 'internet', ports: 'ephemeral' },
      { direction: 'egress', peer: 'internet', ports: 'ephemeral' },
      { direction: 'egress', peer: 'internet', ports: 'internet' },
    ],
  },
  {
    name: 'transit',
    kind: 'infrastructure',
    option: 'transit',
    routing: 'infrastructure',
    purpose: 'transit gateway attachment to the office networks',
    // Office networks reach the app tier through these subnets; the VPC answers on ephemeral ports.
    forwarding: [
      { direction: 'ingress', peer: 'office', ports: 'app' },
      { direction: 'ingress', peer: 'vpc', ports: 'ephemeral' },
      { direction: 'egress', peer: 'vpc', ports: 'app' },
      { direction: 'egress', peer: 'office', ports: 'ephemeral' },
    ],
  },
] as const satisfies readonly TierRow[];

/** Workload tiers; each is a subnet group of the VPC, named exactly like this. */
export type WorkloadTier = Extract<(typeof TIER_TABLE)[number], { kind: 'workload' }>['name'];

/** Infrastructure tiers created only by the options that need them. */
export type InfrastructureTier = Extract<(typeof TIER_TABLE)[number], { kind: 'infrastructure' }>['name'];

export type TierName = WorkloadTier | InfrastructureTier;

/** One flow: `from` may open connections to `to` on the ports of class `ports`. */
export interface AdjacencyRow<T extends string = string> {
  /** The source; `vpc` means every workload tier (and, for NACLs, the whole VPC CIDR). */
  readonly from: Peer<T>;
  /** The destination tier, or every workload tier but the source. */
  readonly to: T | 'other-workload-tiers';
  readonly ports: PortClass;
  /** Description of the security group rule (part of the template: changing it updates the rule). */
  readonly why: string;
  /**
   * Only this source may reach these ports: the destination's NACL denies them from the rest of the VPC
   * before its return rules, whose ephemeral range would otherwise admit them from anywhere.
   * @default false
   */
  readonly exclusive?: boolean;
  /** Whether the tier security groups carry the row too (they have no peer for the office networks). @default true */
  readonly securityGroup?: boolean;
}

/**
 * Who reaches which tier, in NACL rule order. 22/3389 appear only in the admin row; Session Manager needs
 * no inbound rule, so nothing reaches the admin tier.
 */
export const ADJACENCY = [
  { from: 'internet', to: 'public', ports: 'internet', why: 'internet to load balancers' },
  { from: { tier: 'public' }, to: 'app', ports: 'app', why: 'public tier to app tier' },
  // Office traffic arrives through the transit subnets; workloads serving the office add their own group rule.
  { from: 'office', to: 'app', ports: 'app', why: 'office networks to app tier', securityGroup: false },
  { from: { tier: 'app' }, to: 'data', ports: 'data', why: 'app tier to data tier', exclusive: true },
  { from: { tier: 'app' }, to: 'protected-data', ports: 'data', why: 'app tier to protected-data tier', exclusive: true },
  { from: 'vpc', to: 'monitoring', ports: 'monitoring', why: 'every tier to monitoring' },
  { from: { tier: 'admin' }, to: 'other-workload-tiers', ports: 'admin', why: 'admin tier to manage hosts' },
] as const satisfies readonly AdjacencyRow<TierName>[];

/** The two tables the derivations read; tests pass a copy with extra rows. */
export interface TierTables {
  readonly tiers: readonly TierRow[];
  readonly adjacency: readonly AdjacencyRow[];
}

export const TIER_TABLES: TierTables = { tiers: TIER_TABLE, adjacency: ADJACENCY };

/** The row of `tier`, or an error naming the tiers the table has. */
export function tierRow(tier: string, tables: TierTables = TIER_TABLES): TierRow {
  const row = tables.tiers.find((t) => t.name === tier);
  if (!row) throw new Error(`no tier "${tier}" in the tier table (${tables.tiers.map((t) => t.name).join(', ')})`);
  return row;
}

/** The tiers an adjacency row leads to, among `present`. */
export function destinationsOf(row: AdjacencyRow, present: ReadonlySet<string>, tables: TierTables = TIER_TABLES): string[] {
  if (row.to !== 'other-workload-tiers') return present.has(row.to) ? [row.to] : [];
  const source = typeof row.from === 'object' ? row.from.tier : undefined;
  return tables.tiers.filter((t) => t.kind === 'workload' && t.name !== source && present.has(t.name)).map((t) => t.name);
}
