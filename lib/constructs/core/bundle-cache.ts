import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

/**
 * Lambda handlers bundled once per content, not once per synth: esbuild runs in-process (no `npx esbuild`
 * process per handler) and its output is kept under `node_modules/.cache/secure-landing-zone/bundles`, keyed
 * by what determines it: the entry, the esbuild options and version, and the content of every file esbuild
 * read (from its metafile). A changed handler, shared helper or bundled package is a new key, so a stale
 * bundle is never reused; anything else is a cache hit that costs a few file reads and hashes.
 */

const ROOT = path.join(__dirname, '..', '..', '..');

/** Where bundles are kept; `SLZ_BUNDLE_CACHE` moves it (e.g. a CI cache folder). */
export function bundleCacheDir(): string {
  return process.env.SLZ_BUNDLE_CACHE ?? path.join(ROOT, 'node_modules', '.cache', 'secure-landing-zone', 'bundles');
}

/** The esbuild settings of every handler bundle: one CommonJS file for Node.js 22, the AWS SDK v3 left to the runtime. */
const OPTIONS = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  minify: true,
  external: ['@aws-sdk/*'],
} as const;

/** A bundled handler: its code, and the folder holding it as `index.js` (for `Code.fromAsset`). */
export interface CachedBundle {
  readonly code: string;
  readonly dir: string;
}

interface Recipe {
  /** Content hash of each file esbuild read, by path relative to the repository root. */
  readonly inputs: Record<string, string>;
  /** Content hash of the output: the folder name under `out/`. */
  readonly output: string;
}

const sha256 = (data: string | Buffer) => crypto.createHash('sha256').update(data).digest('hex');

/** Within one process a handler is bundled (or looked up) once, however many stacks use it. */
const memo = new Map<string, CachedBundle>();

/** The bundle of the handler at `entry`, from the cache when no input changed, else built and cached. */
export function bundleHandler(entry: string): CachedBundle {
  const abs = path.resolve(entry);
  const known = memo.get(abs);
  if (known) return known;
  const cacheDir = bundleCacheDir();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuildVersion = (require('esbuild/package.json') as { version: string }).version;
  const recipeFile = path.join(cacheDir, 'recipes', `${sha256(JSON.stringify({ entry: path.relative(ROOT, abs), OPTIONS, esbuildVersion }))}.json`);
  const bundle = fromCache(cacheDir, recipeFile) ?? build(abs, cacheDir, recipeFile);
  memo.set(abs, bundle);
  return bundle;
}

/** The cached bundle, if the recipe exists, every input still has its recorded content, and the output is there. */
function fromCache(cacheDir: string, recipeFile: string): CachedBundle | undefined {
  let recipe: Recipe;
  try {
    recipe = JSON.parse(fs.readFileSync(recipeFile, 'utf8')) as Recipe;
    for (const [file, hash] of Object.entries(recipe.inputs)) {
      if (sha256(fs.readFileSync(path.join(ROOT, file))) !== hash) return undefined;
    }
    const dir = path.join(cacheDir, 'out', recipe.output);
    const code = fs.readFileSync(path.join(dir, 'index.js'), 'utf8');
    // A damaged output (e.g. a half-written file from a killed process) is rebuilt, not used.
    return sha256(code) === recipe.output ? { code, dir } : undefined;
  } catch {
    return undefined;
  }
}

function build(entry: string, cacheDir: string, recipeFile: string): CachedBundle {
  // esbuild is a build-time tool: loaded only when a handler is bundled.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as typeof import('esbuild');
  const result = esbuild.buildSync({ ...OPTIONS, external: [...OPTIONS.external], entryPoints: [entry], absWorkingDir: ROOT, metafile: true, write: false, logLevel: 'silent' });
  const code = result.outputFiles[0].text;
  const inputs = Object.fromEntries(Object.keys(result.metafile.inputs).map((file) => [file, sha256(fs.readFileSync(path.join(ROOT, file)))]));
  const output = sha256(code);
  const dir = path.join(cacheDir, 'out', output);
  writeAtomically(cacheDir, path.join(dir, 'index.js'), code);
  writeAtomically(cacheDir, recipeFile, JSON.stringify({ inputs, output } satisfies Recipe));
  return { code, dir };
}

/**
 * Writes through a temporary file and a rename, so concurrent synths (jest workers) never read half a file;
 * the temporary file lives outside the output folder, which must hold `index.js` alone when staged as an asset.
 */
function writeAtomically(cacheDir: string, file: string, content: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.mkdirSync(path.join(cacheDir, 'tmp'), { recursive: true });
  const tmp = path.join(cacheDir, 'tmp', `${process.pid}.${crypto.randomBytes(6).toString('hex')}`);
  fs.writeFileSync(tmp, content);
  fs.renameSync(tmp, file);
}
