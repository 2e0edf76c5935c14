/**
 * The services the delegated-admin handler registers and their service principals. No imports: the
 * handler bundles it, and the construct reads it at synth to scope the handler's IAM policy.
 */
export const DELEGATED_SERVICES = ['guardduty', 'securityhub', 'inspector2', 'macie', 'detective', 'config', 'access-analyzer', 'resource-explorer'] as const;
export type DelegatedServiceName = (typeof DELEGATED_SERVICES)[number];

/** Service principals to trust (organizations:EnableAWSServiceAccess) and register, per service. */
export const DELEGATED_SERVICE_PRINCIPALS: Record<DelegatedServiceName, string[]> = {
  guardduty: ['guardduty.amazonaws.com'],
  securityhub: ['securityhub.amazonaws.com'],
  inspector2: ['inspector2.amazonaws.com'],
  macie: ['macie.amazonaws.com'],
  detective: ['detective.amazonaws.com'],
  config: ['config.amazonaws.com', 'config-multiaccountsetup.amazonaws.com'],
  'access-analyzer': ['access-analyzer.amazonaws.com'],
  // https://docs.aws.amazon.com/organizations/latest/userguide/services-that-can-integrate-resource-explorer.html
  'resource-explorer': ['resource-explorer-2.amazonaws.com'],
};
