import * as path from 'path';
import { ValidationError } from '../../../constructs/core/validation-error';

/** CloudFormation caps a whole StackSet template body at 51,200 bytes; leave room for the rest of it. */
export const MAX_INLINE_BUNDLE_CHARS = 16_000;

const cache = new Map<string, string>();

/**
 * Bundles a TypeScript Lambda handler with esbuild (the bundler `NodejsFunction` uses) into one minified
 * CommonJS file, for `Code.fromInline`. The AWS SDK v3 is left out: the Node.js 22 runtime provides it.
 *
 * Why not `NodejsFunction`: its bundle is a CDK asset, published to the deploying account's bootstrap
 * bucket, which StackSet instances in other accounts and regions cannot read. Inline code travels inside
 * the template, so every instance, including accounts created next year, has it.
 */
export function bundleInline(entry: string): string {
  const key = path.resolve(entry);
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  // esbuild is a build-time tool: loaded only when a template with inline code is synthesized.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as typeof import('esbuild');
  const result = esbuild.buildSync({
    entryPoints: [key],
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    minify: true,
    external: ['@aws-sdk/*'],
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].text;
  if (code.length > MAX_INLINE_BUNDLE_CHARS) {
    throw new ValidationError('Inline Lambda bundle too large:', [
      `entry: "${entry}" bundles to ${code.length} characters; at most ${MAX_INLINE_BUNDLE_CHARS} fit in a StackSet template`,
    ]);
  }
  cache.set(key, code);
  return code;
}
