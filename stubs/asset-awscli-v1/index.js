'use strict';
/*
 * Stand-in for @aws-cdk/asset-awscli-v1, installed through package.json "overrides" to keep 21.6 MB of
 * AWS CLI layer zip out of node_modules. aws-cdk-lib requires this package lazily, only when an
 * `AwsCliLayer` is built (aws-cdk-lib/lambda-layer-awscli: BucketDeployment, EKS kubectl handlers), and
 * reads exactly two exports from it. Neither the landing zone, the construct library nor the example uses
 * those, so nothing reads this file; if something starts to, it fails at synth with the message below
 * instead of deploying a layer without the CLI in it.
 */
const message = (name) =>
  `@aws-cdk/asset-awscli-v1 is a stub in this repository (stubs/asset-awscli-v1), so ${name} is unavailable: ` +
  'something now builds an AWS CLI Lambda layer (aws-cdk-lib AwsCliLayer, used by BucketDeployment and EKS). ' +
  'To restore the real package, remove "@aws-cdk/asset-awscli-v1" from "overrides" in package.json, ' +
  'run `npm install`, and commit package-lock.json (node_modules grows by about 22 MB).';

Object.defineProperty(exports, '__esModule', { value: true });
for (const name of ['ASSET_FILE', 'LAYER_SOURCE_DIR']) {
  Object.defineProperty(exports, name, {
    enumerable: true,
    get() {
      throw new Error(message(name));
    },
  });
}
