/**
 * Run by test/global-setup.js in a child process: synthesizes the default config's landing zone (no synth
 * checks, test context from setup-env.js) into the folder given, plus `index.json`, which maps each
 * `LandingZone` key to its stacks, so test files read templates instead of each building the app again.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Stack } from 'aws-cdk-lib';
import { buildLandingZone, createApp, type LandingZone } from '../lib/app';
import { DEFAULT_CONFIG_PATH, loadConfig } from '../lib/config/load';

require('./setup-env');

/** How one stack of the shared assembly is described in `index.json`. */
export interface IndexedStack {
  readonly artifactId: string;
  readonly stackName: string;
  readonly account: string;
  readonly region: string;
  /** The environment name, for `networks`. */
  readonly name?: string;
}

const outdir = process.argv[2];
const app = createApp({ outdir });
const lz = buildLandingZone(app, loadConfig(path.join(__dirname, '..', DEFAULT_CONFIG_PATH)), { checks: false });
app.synth();
const describe = (s: Stack, name?: string): IndexedStack => ({ artifactId: s.artifactId, stackName: s.stackName, account: s.account, region: s.region, ...(name ? { name } : {}) });
const index: Record<string, IndexedStack[]> = {};
for (const [key, value] of Object.entries(lz) as Array<[keyof LandingZone, unknown]>) {
  if (value === undefined) index[key] = [];
  else if (Array.isArray(value)) index[key] = value.map((s: Stack) => describe(s));
  else if (key === 'networks') index[key] = Object.entries(value as Record<string, Stack>).map(([name, s]) => describe(s, name));
  else index[key] = [describe(value as Stack)];
}
fs.writeFileSync(path.join(outdir, 'index.json'), JSON.stringify(index, null, 1));
