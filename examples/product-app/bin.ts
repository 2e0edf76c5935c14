#!/usr/bin/env node
/** `npx cdk synth --app "npx ts-node --swc examples/product-app/bin.ts"`: the example app, checked by both nag packs. */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';
import { buildProductApp } from './app';

const app = new App();
Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new NIST80053R5Checks(app));
buildProductApp(app);
app.synth();
