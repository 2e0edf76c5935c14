import * as fs from 'fs';
import { App, Validations } from 'aws-cdk-lib';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { buildProductApp } from './examples/product-app/app';
const app = new App({ outdir: '/tmp/ctg/out' });
Validations.of(app).addPlugins(new CfnGuardValidator({ controlTowerRulesEnabled: true }));
buildProductApp(app);
try { app.synth(); console.log('synth ok'); } catch (e) { console.log('threw', String(e).slice(0, 300)); }
console.log(fs.readdirSync('/tmp/ctg/out'));
