/** Network facts derived from config, shared by the loader's checks and the network stacks. */
import type { TierRequest } from '../../constructs/network/subnet-plan';
import { tierRequests as layoutTiers } from '../../constructs/network/tiers';
import { azLetters } from './availability-zones';
import type { LandingZoneConfig, NetworkEnvironmentConfig } from './schema';

/** The tiers an environment asks for, in the order the VPC lays them out (the construct's own function). */
export function tierRequests(env: NetworkEnvironmentConfig): TierRequest[] {
  return layoutTiers(env.tiers, { firewall: env.firewall !== undefined, transit: env.transitGateway !== undefined });
}

/**
 * AZ names for an environment: the configured ones, or the region's own letters from the dated zone table
 * (ap-northeast-1 has a, c, d), or a, b, c... for a region the table does not know (no synth-time lookup).
 */
export function availabilityZones(config: LandingZoneConfig, env: NetworkEnvironmentConfig): string[] {
  const region = env.region ?? config.organization.homeRegion;
  const zones = env.availabilityZones ?? (azLetters(region) ?? 'abcdef'.split('')).map((s) => `${region}${s}`);
  return zones.slice(0, env.azCount);
}
