// The construct library's one entry point (`secure-landing-zone/constructs`). It only re-exports: importing
// it never loads the landing-zone app or its config.
export * from './core/validation-error';
export * from './network/subnet-plan';
export * from './organization/organizational-units';
