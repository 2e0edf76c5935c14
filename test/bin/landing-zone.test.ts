import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT, tempOutdir } from '../helpers';

/** Runs the app the way `cdk synth` does, with CDK's context variables set. */
function runApp(configPath: string) {
  const outdir = tempOutdir();
  const result = spawnSync(process.execPath, [require.resolve('ts-node/dist/bin'), '--swc', 'bin/landing-zone.ts'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, CDK_OUTDIR: outdir, CDK_CONTEXT_JSON: JSON.stringify({ config: configPath }) },
  });
  return { ...result, outdir };
}

test('a bad config exits 1 with every problem, no stack trace, and nothing synthesized', () => {
  const bad = path.join(tempOutdir(), 'bad.yaml');
  const text = fs
    .readFileSync(path.join(ROOT, 'config/landing-zone.yaml'), 'utf8')
    .replace('cidr: 10.10.0.0/16', 'cidr: 10.10.0.0/33')
    .replace('name: acme', 'name: acme\n  colour: blue');
  fs.writeFileSync(bad, text);
  const { status, stderr, outdir } = runApp(bad);
  expect(status).toBe(1);
  expect(stderr).toMatch(/organization\.colour: is not a known field/);
  expect(stderr).toMatch(/network\.prod\.cidr: "10\.10\.0\.0\/33" is not an IPv4 CIDR/);
  expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
  expect(fs.readdirSync(outdir).filter((f) => f.endsWith('.template.json'))).toEqual([]);
});

test('an empty -c config= says so instead of reading a file with no name', () => {
  const { status, stderr } = runApp('');
  expect(status).toBe(1);
  expect(stderr).toBe('-c config= is empty: give the path of a config file, e.g. -c config=config/landing-zone.yaml\n');
});
