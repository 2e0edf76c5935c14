// The construct library's one entry point (`secure-landing-zone/constructs`). It only re-exports: importing
// it never loads the landing-zone app or its config.
export * from './core/validation-error';
export * from './core/opt-out';
export * from './core/public-principals';
export * from './network/subnet-plan';
export * from './organization/organizational-units';
export * from './logging/athena-investigation';
export * from './logging/cis-alarms';
export * from './logging/investigation-queries';
export * from './logging/log-archive-bucket';
export * from './logging/log-archive-key';
export * from './logging/log-tables';
export * from './logging/organization-trail';
export * from './logging/security-alarm-topic';
export * from './storage/access-logs-bucket';
export * from './storage/secure-bucket';
export * from './messaging/secure-queue';
export * from './messaging/secure-topic';
export * from './web/secure-web-acl';
export * from './web/static-site';
export * from './web/secure-load-balancer';
export * from './backup/backup-plan';
export * from './database/secure-database';
