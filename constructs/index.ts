// The product-team library: the package entry `secure-landing-zone/constructs`, and nothing else. Every
// export is named, so a new public symbol is a deliberate line here (test/constructs/index.test.ts pins the
// list). The landing zone's own constructs live in lib/constructs/ and are not part of the package.
// Importing this file never loads the landing-zone app or its config.

// Storage and web front ends
export { SecureBucket, type SecureBucketProps, type SecureBucketOptOuts } from './storage/secure-bucket';
export { AccessLogsBucket, type AccessLogsBucketProps } from './storage/access-logs-bucket';
export { StaticSite, type StaticSiteProps, type StaticSiteOptOuts, DEFAULT_CONTENT_SECURITY_POLICY } from './web/static-site';
export { SecureLoadBalancer, type SecureLoadBalancerProps, type SecureLoadBalancerOptOuts, ALLOWED_SSL_POLICIES } from './web/secure-load-balancer';
export { SecureWebAcl, type SecureWebAclProps, type WebAclScope, MANAGED_RULE_GROUPS } from './web/secure-web-acl';

// Messaging, data and backups
export { SecureQueue, type SecureQueueProps, type SecureQueueOptOuts } from './messaging/secure-queue';
export { SecureTopic, type SecureTopicProps } from './messaging/secure-topic';
export { SecureDatabase, type SecureDatabaseProps, type SecureDatabaseOptOuts } from './database/secure-database';
export { SecureBackupPlan, type SecureBackupPlanProps, type SecureBackupPlanOptOuts } from './backup/backup-plan';

// The network a workload runs in, and the parts TieredVpc exposes
export { TieredVpc, type TieredVpcProps, type NatStrategy } from './network/tiered-vpc';
export { type TierName, type WorkloadTier, type InfrastructureTier, type TierSizes, DEFAULT_TIER_SIZES } from './network/tiers';
export { TierNetworkAcls, type TierNetworkAclsProps, type TierPorts, DEFAULT_TIER_PORTS } from './network/tier-nacls';
export { TierSecurityGroups, type TierSecurityGroupsProps } from './network/tier-security-groups';
export { type PlannedSubnet } from './network/subnet-plan';
export { VpcEndpoints, type VpcEndpointsProps } from './network/vpc-endpoints';
export { VpcLogging, type VpcLoggingProps } from './network/vpc-logging';
export { EgressFirewall, type EgressFirewallProps } from './network/egress-firewall';
export { TransitAttachment, type TransitAttachmentProps } from './network/transit-attachment';

// What every construct above shares with its callers
export { OptOut } from './core/opt-out';
export { ValidationError, isValidationError } from './core/validation-error';
export { logsEncryptionKey, allowLogsToEncrypt } from './core/logs-key';
export { SECURE_DATABASE_PORTS, ENGINE_DEFAULT_PORTS } from './core/ports';

// Containers, their images and their secrets
export { SecureContainerRepository, type SecureContainerRepositoryProps, type SecureContainerRepositoryOptOuts } from './containers/secure-container-repository';
export { PullThroughCache, type PullThroughCacheProps, type PublicUpstreamRegistry, PUBLIC_UPSTREAM_REGISTRIES } from './containers/pull-through-cache';
export {
  SecureFargateService,
  type SecureFargateServiceProps,
  type SecureFargateServiceOptOuts,
  type ContainerSecret,
  type LoadBalancerRouteOptions,
  type ServiceConnectOptions,
} from './containers/secure-fargate-service';
export { ServiceConnectAuthority, type ServiceConnectAuthorityProps, type ServiceConnectCaMode } from './containers/service-connect-authority';
export { SecureSecret, type SecureSecretProps, type SecureSecretOptOuts, type SecretReplica } from './secrets/secure-secret';
export { SecureFunction, type SecureFunctionProps } from './compute/secure-function';

// Customer sign-in and the API front door
export {
  SecureUserPool,
  type SecureUserPoolProps,
  type SecureUserPoolOptOuts,
  type SamlFederation,
  type OidcFederation,
} from './identity/secure-user-pool';
export { SecureApi, type SecureApiProps, type ApiRouteOptions, type PrivateBackend, ALLOWED_API_SECURITY_POLICIES, API_ACCESS_LOG_FIELDS } from './web/secure-api';
