/**
 * The Availability Zones of each region, so `azCount: 4` in a three-zone region fails at synth instead of at
 * deploy. No maintained offline source exists: aws-cdk-lib's region-info has no zones, and the real list comes
 * only from `ec2:DescribeAvailabilityZones` in an account. So this is a dated table, and a test fails when
 * aws-cdk-lib learns a region the table has no row (or no decision) for.
 *
 * Zone letters are mapped per account (your `us-east-1a` may be another account's `us-east-1c`), but the set of
 * letters a region offers is the same for every account, and that set is what is checked here.
 *
 * As of 2026-12, from AWS's "Regions and Availability Zones" documentation as the author knew it; not verified
 * against a live account from this repository (it has none). Correct a row when AWS adds a zone.
 * @see https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html
 */

/** When the table below was last reviewed. */
export const AVAILABILITY_ZONES_AS_OF = '2026-12';

interface RegionZones {
  /** The zone letters the region offers. */
  readonly letters: string;
  /** How many of them one account can use, when fewer than the letters (us-west-1: two of a, b, c). */
  readonly perAccount?: number;
}

const THREE: RegionZones = { letters: 'abc' };

/** Zones per region. A region missing here is listed in {@link UNLISTED_REGIONS} with the reason. */
export const REGION_ZONES: Readonly<Record<string, RegionZones>> = {
  'af-south-1': THREE,
  'ap-east-1': THREE,
  'ap-east-2': THREE,
  'ap-northeast-1': { letters: 'acd' },
  'ap-northeast-2': { letters: 'abcd' },
  'ap-northeast-3': THREE,
  'ap-south-1': THREE,
  'ap-south-2': THREE,
  'ap-southeast-1': THREE,
  'ap-southeast-2': THREE,
  'ap-southeast-3': THREE,
  'ap-southeast-4': THREE,
  'ap-southeast-5': THREE,
  'ap-southeast-7': THREE,
  'ca-central-1': { letters: 'abd' },
  'ca-west-1': THREE,
  'cn-north-1': { letters: 'abd' },
  'cn-northwest-1': THREE,
  'eu-central-1': THREE,
  'eu-central-2': THREE,
  'eu-north-1': THREE,
  'eu-south-1': THREE,
  'eu-south-2': THREE,
  'eu-west-1': THREE,
  'eu-west-2': THREE,
  'eu-west-3': THREE,
  'il-central-1': THREE,
  'me-central-1': THREE,
  'me-south-1': THREE,
  'mx-central-1': THREE,
  'sa-east-1': THREE,
  'us-east-1': { letters: 'abcdef' },
  'us-east-2': THREE,
  'us-gov-east-1': THREE,
  'us-gov-west-1': THREE,
  'us-west-1': { letters: 'abc', perAccount: 2 },
  'us-west-2': { letters: 'abcd' },
};

/**
 * Regions aws-cdk-lib knows but the table does not check, each with why. Their zones are not checked at synth
 * (names still default to a, b, c...).
 */
export const UNLISTED_REGIONS: Readonly<Record<string, string>> = {
  'ap-southeast-6': 'announced after the table was last reviewed',
  'eu-isoe-west-1': 'isolated region: zones are not published',
  'eusc-de-east-1': 'European Sovereign Cloud: zones not published when the table was last reviewed',
  'me-west-1': 'announced after the table was last reviewed',
  'us-iso-east-1': 'isolated region: zones are not published',
  'us-iso-west-1': 'isolated region: zones are not published',
  'us-isob-east-1': 'isolated region: zones are not published',
  'us-isob-west-1': 'isolated region: zones are not published',
  'us-isof-east-1': 'isolated region: zones are not published',
  'us-isof-south-1': 'isolated region: zones are not published',
};

/** The zone letters of a region, or undefined when the table does not know it. */
export function azLetters(region: string): string[] | undefined {
  return REGION_ZONES[region]?.letters.split('');
}

/** How many zones one account can use in a region, or undefined when the table does not know it. */
export function azCountLimit(region: string): number | undefined {
  const row = REGION_ZONES[region];
  return row === undefined ? undefined : (row.perAccount ?? row.letters.length);
}
