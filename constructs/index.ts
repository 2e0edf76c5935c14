// The construct library's one entry point (`secure-landing-zone/constructs`). It only re-exports: importing
// it never loads the landing-zone app or its config.
export * from './baseline/account-settings';
export * from './baseline/service-managed-stack-set';
export * from './core/control-plane-custom-resource';
export * from './core/inline-bundle';
export * from './core/validation-error';
export * from './detection/access-analyzers';
export * from './detection/config-organization-rules';
export * from './detection/findings-notification';
export * from './detection/guardduty-organization';
export * from './detection/inspector-organization';
export * from './detection/security-hub-central-configuration';
export * from './network/subnet-plan';
export * from './organization/organizational-units';
