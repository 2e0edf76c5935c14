import { bundleHandler } from './bundle-cache';
import { ValidationError } from '../../../constructs/core/validation-error';

/** CloudFormation caps a whole StackSet template body at 51,200 bytes; leave room for the rest of it. */
export const MAX_INLINE_BUNDLE_CHARS = 16_000;

/**
 * Bundles a TypeScript Lambda handler with esbuild (the bundler `NodejsFunction` uses) into one minified
 * CommonJS file, for `Code.fromInline`. The AWS SDK v3 is left out: the Node.js 22 runtime provides it.
 *
 * Why not `NodejsFunction`: its bundle is a CDK asset, published to the deploying account's bootstrap
 * bucket, which StackSet instances in other accounts and regions cannot read. Inline code travels inside
 * the template, so every instance, including accounts created next year, has it.
 */
export function bundleInline(entry: string): string {
  // The same in-process, content-cached esbuild as the NodejsFunction handlers (see bundle-cache.ts).
  const { code } = bundleHandler(entry);
  if (code.length > MAX_INLINE_BUNDLE_CHARS) {
    throw new ValidationError('Inline Lambda bundle too large:', [
      `entry: "${entry}" bundles to ${code.length} characters; at most ${MAX_INLINE_BUNDLE_CHARS} fit in a StackSet template`,
    ]);
  }
  return code;
}
