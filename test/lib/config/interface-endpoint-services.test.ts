import * as fs from 'fs';
import * as path from 'path';
import { GENERATED_ENDPOINTS_PATH, cdkInterfaceEndpointServices, renderInterfaceEndpointServices } from '../../../lib/config/interface-endpoint-services';
import { ROOT } from '../../helpers';

test('the config pipeline\'s copy of CDK\'s endpoint services is up to date (run `npm run schema`)', () => {
  expect(fs.readFileSync(path.join(ROOT, GENERATED_ENDPOINTS_PATH), 'utf8')).toBe(renderInterfaceEndpointServices());
});

test('holds the services the default config uses, and no service with a prefix of its own', () => {
  expect(cdkInterfaceEndpointServices()).toEqual(expect.arrayContaining(['ssm', 'ssmmessages', 'ec2messages', 'kms', 'logs', 'sts', 'secretsmanager', 'ecr.api']));
  expect(cdkInterfaceEndpointServices()).not.toContain('ssmmesages');
});
