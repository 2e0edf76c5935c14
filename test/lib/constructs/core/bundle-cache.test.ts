import * as fs from 'fs';
import * as path from 'path';
import { tempOutdir } from '../../../helpers';

/** A fresh copy of the module (its in-process memo empty), as a new synth process would load it; `esbuild` may be replaced. */
function freshBundleCache(esbuild?: () => unknown): typeof import('../../../../lib/constructs/core/bundle-cache') {
  let mod: typeof import('../../../../lib/constructs/core/bundle-cache') | undefined;
  jest.isolateModules(() => {
    if (esbuild) jest.doMock('esbuild', esbuild);
    else jest.dontMock('esbuild');
    mod = require('../../../../lib/constructs/core/bundle-cache');
  });
  return mod!;
}

describe('handler bundle cache', () => {
  const cache = tempOutdir();
  const src = tempOutdir();
  const entry = path.join(src, 'index.ts');
  beforeAll(() => {
    process.env.SLZ_BUNDLE_CACHE = cache;
    fs.writeFileSync(path.join(src, 'greeting.ts'), "export const greeting = 'first version';\n");
    fs.writeFileSync(entry, "import { S3Client } from '@aws-sdk/client-s3';\nimport { greeting } from './greeting';\nexport const onEvent = async () => ({ greeting, client: new S3Client({}) });\n");
  });
  afterAll(() => delete process.env.SLZ_BUNDLE_CACHE);

  test('bundles into one minified index.js that leaves the AWS SDK to the runtime', () => {
    const bundle = freshBundleCache().bundleHandler(entry);
    expect(bundle.code).toContain('first version');
    expect(bundle.code).toMatch(/require\("@aws-sdk\/client-s3"\)/);
    expect(bundle.code.trim().split('\n').length).toBe(1);
    expect(fs.readdirSync(bundle.dir)).toEqual(['index.js']);
    expect(path.dirname(bundle.dir)).toBe(path.join(cache, 'out'));
  });

  test('a later synth with unchanged inputs reuses the bundle without running esbuild', () => {
    const first = freshBundleCache().bundleHandler(entry);
    const again = freshBundleCache(() => {
      throw new Error('esbuild must not run on a cache hit');
    }).bundleHandler(entry);
    expect(again).toEqual(first);
  });

  test('a changed imported file is a new bundle, never the stale one', () => {
    const before = freshBundleCache().bundleHandler(entry);
    fs.writeFileSync(path.join(src, 'greeting.ts'), "export const greeting = 'second version';\n");
    const after = freshBundleCache().bundleHandler(entry);
    expect(after.code).toContain('second version');
    expect(after.code).not.toContain('first version');
    expect(after.dir).not.toBe(before.dir);
  });

  test('a damaged cached output is rebuilt, not used', () => {
    const good = freshBundleCache().bundleHandler(entry);
    fs.writeFileSync(path.join(good.dir, 'index.js'), 'half a fi');
    const rebuilt = freshBundleCache().bundleHandler(entry);
    expect(rebuilt.code).toBe(good.code);
    expect(fs.readFileSync(path.join(rebuilt.dir, 'index.js'), 'utf8')).toBe(good.code);
  });
});
