/** The baseline for `npm run bench`: one empty stack (a single no-op resource), synthesized with the same toolchain as the landing zone. */
import { CfnWaitConditionHandle, Stack } from 'aws-cdk-lib';
import { createApp } from '../lib/app';

const app = createApp();
const stack = new Stack(app, 'Empty', { env: { account: '111111111111', region: 'eu-west-1' } });
// CloudFormation rejects a template without resources; a wait-condition handle is the cheapest no-op.
new CfnWaitConditionHandle(stack, 'Placeholder');
app.synth();
