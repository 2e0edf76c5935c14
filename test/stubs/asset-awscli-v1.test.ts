import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';

const STUB = path.join(__dirname, '..', '..', 'stubs', 'asset-awscli-v1');
const RESTORE = /stubs\/asset-awscli-v1.*remove "@aws-cdk\/asset-awscli-v1" from "overrides" in package\.json, run `npm install`/;

describe('@aws-cdk/asset-awscli-v1 stub', () => {
  test('package.json overrides aws-cdk-lib\'s dependency with the stub, and the lockfile links it instead of the 21.6 MB package', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));
    expect(pkg.overrides['@aws-cdk/asset-awscli-v1']).toBe('$@aws-cdk/asset-awscli-v1');
    expect(pkg.devDependencies['@aws-cdk/asset-awscli-v1']).toBe('file:./stubs/asset-awscli-v1');
    const lock = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package-lock.json'), 'utf8'));
    expect(lock.packages['node_modules/@aws-cdk/asset-awscli-v1']).toEqual({ resolved: 'stubs/asset-awscli-v1', link: true });
    // No second, real copy nested under aws-cdk-lib.
    expect(Object.keys(lock.packages).filter((p) => p.endsWith('/@aws-cdk/asset-awscli-v1'))).toEqual(['node_modules/@aws-cdk/asset-awscli-v1']);
  });

  test('loading it is harmless; reading either export throws, saying why and how to restore the real package', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const stub = require(STUB) as { ASSET_FILE: string; LAYER_SOURCE_DIR: string };
    expect(() => stub.ASSET_FILE).toThrow(RESTORE);
    expect(() => stub.LAYER_SOURCE_DIR).toThrow(/LAYER_SOURCE_DIR is unavailable: something now builds an AWS CLI Lambda layer/);
  });

  test('a stack that builds an AwsCliLayer (as BucketDeployment does) fails at synth with that message', () => {
    let build: (() => void) | undefined;
    jest.isolateModules(() => {
      // What `npm ci` installs under that name; the worktree's shared node_modules may still hold the real one.
      jest.doMock('@aws-cdk/asset-awscli-v1', () => jest.requireActual(STUB));
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { AwsCliLayer } = require('aws-cdk-lib/lambda-layer-awscli') as typeof import('aws-cdk-lib/lambda-layer-awscli');
      build = () => new AwsCliLayer(new Stack(new App(), 'Uses'), 'Cli');
    });
    expect(build).toThrow(RESTORE);
  });
});
