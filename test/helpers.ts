/** Shared test fixtures: the default config, config variants, and synthesized landing zones. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { type App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { stringify } from 'yaml';
import { buildLandingZone, createApp, type BuildOptions, type LandingZone } from '../lib/app';
import { DEFAULT_CONFIG_PATH, loadConfig, parseConfig } from '../lib/config/load';
import type { LandingZoneConfig } from '../lib/config/schema';

export const ROOT = path.join(__dirname, '..');

/** The embedded default config, validated. */
export function defaultConfig(): LandingZoneConfig {
  return loadConfig(path.join(ROOT, DEFAULT_CONFIG_PATH));
}

/** The default config's raw YAML object, for tests that change a field and re-validate. */
export function defaultRawConfig(): Record<string, any> {
  const { parse } = require('yaml') as typeof import('yaml');
  return parse(fs.readFileSync(path.join(ROOT, DEFAULT_CONFIG_PATH), 'utf8'));
}

/** Validates a raw config object as if it were a YAML file named `test.yaml`. */
export function parseRaw(raw: unknown): LandingZoneConfig {
  return parseConfig(stringify(raw), 'test.yaml');
}

/** A fresh output folder under the OS temp dir (removed by the global teardown). */
export function tempOutdir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'slz-test-'));
}

/** Builds the landing zone for `config` in a new app (not yet synthesized). */
export function buildApp(config: LandingZoneConfig = defaultConfig(), options: BuildOptions = {}): { app: App; lz: LandingZone } {
  const app = createApp({ outdir: tempOutdir() });
  const lz = buildLandingZone(app, config, options);
  return { app, lz };
}

/** The default config's templates, built once per test file: a Template is read-only, so files share it. */
const defaultTemplates = new Map<keyof LandingZone, Template>();
let defaultLandingZone: LandingZone | undefined;

/** Template of one stack of a landing zone built without synth checks (fast, for property assertions). */
export function templateOf<K extends keyof LandingZone>(key: K, config?: LandingZoneConfig): Template {
  if (config) return Template.fromStack(buildApp(config, { checks: false }).lz[key] as any);
  defaultLandingZone ??= buildApp(defaultConfig(), { checks: false }).lz;
  if (!defaultTemplates.has(key)) defaultTemplates.set(key, Template.fromStack(defaultLandingZone[key] as any));
  return defaultTemplates.get(key)!;
}
