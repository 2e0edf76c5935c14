/** Network facts derived from config, shared by the loader's checks and the network stacks. */
import type { TierRequest } from '../../constructs/network/subnet-plan';
import type { LandingZoneConfig, NetworkEnvironmentConfig } from './schema';

/** The tiers an environment asks for, in the order the VPC lays them out. */
export function tierRequests(env: NetworkEnvironmentConfig): TierRequest[] {
  const t = env.tiers;
  const tiers: TierRequest[] = [
    { name: 'public', prefix: t.public },
    { name: 'app', prefix: t.app },
    { name: 'data', prefix: t.data },
    { name: 'admin', prefix: t.admin },
    { name: 'monitoring', prefix: t.monitoring },
  ];
  if (t.protectedData !== undefined) tiers.push({ name: 'protected-data', prefix: t.protectedData });
  return tiers;
}

/** AZ names for an environment: the configured ones, or the region's a, b, c... (no synth-time lookup). */
export function availabilityZones(config: LandingZoneConfig, env: NetworkEnvironmentConfig): string[] {
  const region = env.region ?? config.organization.homeRegion;
  const zones = env.availabilityZones ?? 'abcdef'.split('').map((s) => `${region}${s}`);
  return zones.slice(0, env.azCount);
}
