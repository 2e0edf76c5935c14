#!/usr/bin/env node
/**
 * The landing-zone CDK app. `cdk synth` reads config/landing-zone.yaml, or the file given with
 * `-c config=PATH`. A config mistake prints every problem and exits 1, without a stack trace.
 */
import { isValidationError } from '../constructs/core/validation-error';
import { buildLandingZone, createApp } from '../lib/app';
import { DEFAULT_CONFIG_PATH, loadConfig } from '../lib/config/load';

function main(): void {
  const app = createApp();
  const given = app.node.tryGetContext('config') as string | undefined;
  if (given !== undefined && String(given).trim() === '') {
    process.stderr.write(`-c config= is empty: give the path of a config file, e.g. -c config=${DEFAULT_CONFIG_PATH}\n`);
    process.exit(1);
  }
  const configPath = given ?? DEFAULT_CONFIG_PATH;
  try {
    buildLandingZone(app, loadConfig(configPath));
    app.synth();
  } catch (e) {
    if (isValidationError(e)) {
      process.stderr.write(`${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
}

main();
