#!/usr/bin/env node
'use strict';
/**
 * `postinstall`: removes from node_modules the files that no tool of this repository reads (README, "Install",
 * says why each is safe). Plain Node, no dependency: it runs right after `npm ci`/`npm install`, before anything
 * else is trusted to work. It is idempotent (what is gone is skipped), never fails the install (any error is
 * reported and the install goes on with a larger node_modules), and prints one line.
 *
 *  1. cfn-guard binaries of other platforms: `@cdklabs/cdk-validator-cfnguard` ships four (32 MB) and runs one,
 *     `bin/<os>/<arch>/cfn-guard`, chosen by the same mapping as its `lib/plugin.js` (`GUARD_OS`, `GUARD_ARCH`).
 *  2. jsii assemblies (`.jsii`, `.jsii.gz`, `.jsii.tabl.json[.gz]`, 21 MB in aws-cdk-lib): read only by jsii's
 *     language bindings (Python, Java, .NET, Go) and jsii-rosetta, none of which is installed here; the
 *     runtime type information aws-cdk-lib uses is compiled into its JavaScript.
 *  3. `dist-types/ts3.4` trees (20 MB, AWS SDK v3 and Smithy): declarations that TypeScript reads only through
 *     `typesVersions` for versions older than 4.5/4.6; the installed TypeScript is checked against each range.
 *  4. `dist-es` trees of `@aws-sdk/*` packages (16 MB): the ES-module build, which only a bundler reads. Node,
 *     Jest and ts-node load `main`/the `node` export (`dist-cjs`), tsc reads `types`, and every esbuild bundle
 *     here leaves `@aws-sdk/*` external (the Node.js 22 runtime provides it). `@smithy/*` keeps its `dist-es`,
 *     so a handler that imports a Smithy helper directly still bundles.
 */
const fs = require('fs');
const path = require('path');

/** `@cdklabs/cdk-validator-cfnguard` lib/plugin.js `getPlatform()`/`getArchitecture()`, mirrored. */
const GUARD_OS = { linux: 'ubuntu', darwin: 'macos' };
const GUARD_ARCH = { x64: 'x86_64', arm64: 'aarch64' };
const GUARD = path.join('@cdklabs', 'cdk-validator-cfnguard');
const JSII_FILES = ['.jsii', '.jsii.gz', '.jsii.tabl.json', '.jsii.tabl.json.gz'];

const isDir = (p) => fs.lstatSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false;
const exists = (p) => fs.lstatSync(p, { throwIfNoEntry: false }) !== undefined;

/** Bytes on disk under `p`, as `du` (and so the bench) counts them; symbolic links are not followed. */
function sizeOf(p) {
  const st = fs.lstatSync(p);
  const own = st.blocks > 0 ? st.blocks * 512 : st.size;
  if (!st.isDirectory()) return own;
  return fs.readdirSync(p).reduce((sum, name) => sum + sizeOf(path.join(p, name)), own);
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Every installed package folder (scoped and nested ones too); symbolic links (`file:` packages) are not entered. */
function packageDirs(nodeModules) {
  const found = [];
  const visit = (dir) => {
    if (!isDir(dir)) return;
    for (const name of fs.readdirSync(dir)) {
      if (name.startsWith('.')) continue; // .bin, .cache, .package-lock.json
      const p = path.join(dir, name);
      if (!isDir(p)) continue;
      if (name.startsWith('@')) {
        visit(p);
        continue;
      }
      found.push(p);
      visit(path.join(p, 'node_modules'));
    }
  };
  visit(nodeModules);
  return found;
}

const versionOf = (v) => (/^(\d+)\.(\d+)/.exec(v ?? '') ?? []).slice(1, 3).map(Number);
const before = ([a, b], [c, d]) => a < c || (a === c && b < d);

/** True when a `typesVersions` range (`<4.5`, `<=4.5`) can match TypeScript `ts`; unknown ranges count as matching. */
function rangeMatches(range, ts) {
  const m = /^(<=?)\s*(\d+\.\d+)$/.exec(range.trim());
  if (!m || ts.length !== 2) return true;
  const bound = versionOf(m[2]);
  return m[1] === '<' ? before(ts, bound) : !before(bound, ts);
}

/** `dist-types/ts3.4` when every `typesVersions` range that points there excludes the installed TypeScript. */
function unreadTs34(pkgDir, pkg, ts) {
  const dir = path.join(pkgDir, 'dist-types', 'ts3.4');
  if (!isDir(dir)) return [];
  const ranges = Object.entries(pkg.typesVersions ?? {})
    .filter(([, map]) => JSON.stringify(map).includes('ts3.4'))
    .map(([range]) => range);
  return ranges.every((range) => !rangeMatches(range, ts)) ? [dir] : [];
}

/** What to remove, by kind; nothing that is already missing. */
function findTargets(nodeModules, host) {
  const targets = { 'foreign cfn-guard binaries': [], 'jsii assemblies': [], 'dist-types/ts3.4': [], '@aws-sdk dist-es': [] };
  const guardBin = path.join(nodeModules, GUARD, 'bin');
  const os = GUARD_OS[host.platform];
  const arch = GUARD_ARCH[host.arch];
  // On a host the plugin does not support, it throws at synth whatever is here: leave the folder as shipped.
  if (os && arch && isDir(path.join(guardBin, os, arch))) {
    for (const osDir of fs.readdirSync(guardBin)) {
      const p = path.join(guardBin, osDir);
      if (!isDir(p)) continue;
      if (osDir !== os) targets['foreign cfn-guard binaries'].push(p);
      else for (const archDir of fs.readdirSync(p)) if (archDir !== arch) targets['foreign cfn-guard binaries'].push(path.join(p, archDir));
    }
    // Yarn's install state from the package's own build, left in the tarball.
    const yarnState = path.join(nodeModules, GUARD, '.yarn');
    if (exists(yarnState)) targets['foreign cfn-guard binaries'].push(yarnState);
  }
  const ts = versionOf(readJson(path.join(nodeModules, 'typescript', 'package.json'))?.version);
  for (const dir of packageDirs(nodeModules)) {
    const pkg = readJson(path.join(dir, 'package.json'));
    if (!pkg) continue;
    if (pkg.jsii) targets['jsii assemblies'].push(...JSII_FILES.map((f) => path.join(dir, f)).filter(exists));
    targets['dist-types/ts3.4'].push(...unreadTs34(dir, pkg, ts));
    if (typeof pkg.name === 'string' && pkg.name.startsWith('@aws-sdk/') && isDir(path.join(dir, 'dist-es'))) {
      targets['@aws-sdk dist-es'].push(path.join(dir, 'dist-es'));
    }
  }
  return targets;
}

/**
 * Removes the unread files under `nodeModules` for `host` (the cfn-guard binary kept is the one its plugin runs
 * there). Returns the bytes freed by kind.
 */
function prune(nodeModules, host = { platform: process.platform, arch: process.arch }) {
  const freed = {};
  for (const [kind, paths] of Object.entries(findTargets(nodeModules, host))) {
    freed[kind] = 0;
    for (const p of paths) {
      const bytes = sizeOf(p);
      fs.rmSync(p, { recursive: true, force: true });
      freed[kind] += bytes;
    }
  }
  return freed;
}

const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** The postinstall: one line, exit code 0 whatever happens. */
function main({ root = path.join(__dirname, '..'), host, log = (line) => console.log(line) } = {}) {
  // Installed as a dependency of another project (the published construct library), its node_modules is not ours.
  if (path.resolve(root).split(path.sep).includes('node_modules')) return;
  try {
    const freed = prune(path.join(root, 'node_modules'), host);
    const total = Object.values(freed).reduce((a, b) => a + b, 0);
    const parts = Object.entries(freed).filter(([, b]) => b > 0).map(([kind, b]) => `${kind} ${mb(b)}`);
    log(total > 0 ? `prune-node-modules: freed ${mb(total)} (${parts.join(', ')}); see README "Install"` : 'prune-node-modules: nothing left to prune');
  } catch (err) {
    log(`prune-node-modules: skipped, node_modules left as installed (${err instanceof Error ? err.message : String(err)})`);
  }
}

module.exports = { prune, findTargets, main, GUARD_OS, GUARD_ARCH };

if (require.main === module) main();
