// The construct library's one entry point (`secure-landing-zone/constructs`). It only re-exports: importing
// it never loads the landing-zone app or its config.
export * from './core/validation-error';
export * from './network/subnet-plan';
export * from './organization/organizational-units';
export * from './network/egress-firewall';
export * from './network/session-manager-preferences';
export * from './network/ssm-bastion';
export * from './network/tier-nacls';
export * from './network/tier-security-groups';
export * from './network/tiered-vpc';
export * from './network/tiers';
export * from './network/transit-attachment';
export * from './network/vpc-endpoints';
export * from './network/vpc-logging';
