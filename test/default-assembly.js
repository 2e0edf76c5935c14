// The default config's synthesized landing zone, shared by every test file of a run (see test/synth-default.ts).
// It is kept under node_modules/.cache by the content of everything that shapes it, so a run whose sources
// did not change since the last one does not synthesize it again, and a changed source never reads a stale one.
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const ROOT = path.join(__dirname, '..');
const INPUTS = ['lib', 'constructs', 'config', 'lambda', 'cdk.json', 'package-lock.json', 'test/setup-env.js', 'test/synth-default.ts'];

function files(p) {
  const abs = path.join(ROOT, p);
  if (!fs.existsSync(abs)) return [];
  if (!fs.statSync(abs).isDirectory()) return [p];
  return fs.readdirSync(abs).sort().flatMap((e) => files(path.join(p, e)));
}

/** Hash of the paths and contents of every input. */
function sourceHash() {
  const h = crypto.createHash('sha256');
  for (const f of INPUTS.flatMap(files)) h.update(f).update('\0').update(fs.readFileSync(path.join(ROOT, f))).update('\0');
  return h.digest('hex').slice(0, 32);
}

/** The folder of the shared assembly, synthesized now unless an identical one is cached. */
function ensureDefaultAssembly() {
  const cache = process.env.SLZ_TEST_ASSEMBLY_CACHE ?? path.join(ROOT, 'node_modules', '.cache', 'secure-landing-zone', 'test-assembly');
  const dir = path.join(cache, sourceHash());
  if (fs.existsSync(path.join(dir, 'index.json'))) return dir;
  fs.mkdirSync(cache, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(cache, 'tmp-'));
  const r = spawnSync(process.execPath, [require.resolve('ts-node/dist/bin'), '--swc', path.join(__dirname, 'synth-default.ts'), tmp], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`test/synth-default.ts failed:\n${r.stderr}`);
  try {
    fs.renameSync(tmp, dir);
  } catch (e) {
    // Another run renamed an identical assembly into place first.
    fs.rmSync(tmp, { recursive: true, force: true });
    if (!fs.existsSync(path.join(dir, 'index.json'))) throw e;
  }
  prune(cache, dir);
  return dir;
}

/** Keeps the five newest assemblies (a few branches' worth), so the cache does not grow with every edit. */
function prune(cache, keep) {
  const old = fs
    .readdirSync(cache)
    .filter((d) => !d.startsWith('tmp-') && path.join(cache, d) !== keep)
    .map((d) => ({ d, t: fs.statSync(path.join(cache, d)).mtimeMs }))
    .sort((a, b) => b.t - a.t)
    .slice(4);
  for (const { d } of old) fs.rmSync(path.join(cache, d), { recursive: true, force: true });
}

module.exports = { ensureDefaultAssembly };
