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

/** One stack of the default config's landing zone, as synthesized once per test run. */
export interface SynthesizedStack {
  readonly stackName: string;
  readonly account: string;
  readonly region: string;
  /** The environment name, for `networks`. */
  readonly name?: string;
  readonly template: Template;
}

/**
 * The default config's landing zone, synthesized without synth checks once per test run by the global
 * setup (test/default-assembly.js), or, outside jest's global setup, built in this process once per file.
 */
let shared: Map<string, SynthesizedStack[]> | undefined;
function sharedDefault(): Map<string, SynthesizedStack[]> {
  if (shared) return shared;
  const dir = process.env.SLZ_DEFAULT_ASSEMBLY;
  shared = new Map();
  if (dir) {
    const index = JSON.parse(fs.readFileSync(path.join(dir, 'index.json'), 'utf8')) as Record<string, Array<Omit<SynthesizedStack, 'template'> & { artifactId: string }>>;
    // Templates are read when first asked for: most files use one or two stacks.
    for (const [key, stacks] of Object.entries(index)) {
      shared.set(
        key,
        stacks.map(({ artifactId, ...rest }) => {
          let template: Template | undefined;
          return {
            ...rest,
            get template() {
              template ??= Template.fromJSON(JSON.parse(fs.readFileSync(path.join(dir, `${artifactId}.template.json`), 'utf8')));
              return template;
            },
          };
        }),
      );
    }
    return shared;
  }
  const lz = buildApp(defaultConfig(), { checks: false }).lz;
  for (const [key, value] of Object.entries(lz)) {
    const entries: Array<[string | undefined, any]> = value === undefined ? [] : Array.isArray(value) ? value.map((v) => [undefined, v]) : key === 'networks' ? Object.entries(value) : [[undefined, value]];
    shared.set(key, entries.map(([name, st]) => ({ stackName: st.stackName, account: st.account, region: st.region, ...(name ? { name } : {}), template: Template.fromStack(st) })));
  }
  return shared;
}

/** Folder of the default config's cloud assembly (synth checks off), synthesized once per test run. */
export function defaultAssemblyDir(): string {
  if (process.env.SLZ_DEFAULT_ASSEMBLY) return process.env.SLZ_DEFAULT_ASSEMBLY;
  const { app } = buildApp(defaultConfig(), { checks: false });
  return app.synth().directory;
}

/**
 * The default config's stacks under one `LandingZone` key (one for a single stack, several for
 * `detection`, `networks`, `managementBaseline`, `elbLogArchives`, `stacks`), synthesized once per run.
 */
export function defaultStacksOf(key: keyof LandingZone): SynthesizedStack[] {
  return sharedDefault().get(key) ?? [];
}

/** Template of one stack of a landing zone built without synth checks (fast, for property assertions). */
export function templateOf<K extends keyof LandingZone>(key: K, config?: LandingZoneConfig): Template {
  if (config) return Template.fromStack(buildApp(config, { checks: false }).lz[key] as any);
  const [stack] = defaultStacksOf(key);
  if (!stack) throw new Error(`templateOf: the default config has no ${String(key)} stack`);
  return stack.template;
}
