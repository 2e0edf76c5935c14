// The construct library's one entry point (`secure-landing-zone/constructs`). It only re-exports: importing
// it never loads the landing-zone app or its config.
export * from './core/validation-error';
export * from './core/logs-key';
export * from './core/sdk-call-execution';
export * from './network/subnet-plan';
export * from './organization/organizational-units';
export * from './organization/organization-accounts';
export * from './organization/organization-policies';
export * from './organization/delegated-admins';
export * from './organization/identity-center';
export * from './organization/policy-types';
