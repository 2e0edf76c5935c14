/**
 * `npm run schema`: regenerates config/landing-zone.schema.json from the zod schema, and the config pipeline's
 * copy of CDK's interface endpoint service names.
 */
import * as fs from 'fs';
import { GENERATED_ENDPOINTS_PATH, renderInterfaceEndpointServices } from '../lib/config/interface-endpoint-services';
import { JSON_SCHEMA_PATH, renderJsonSchema } from '../lib/config/json-schema';

fs.writeFileSync(JSON_SCHEMA_PATH, renderJsonSchema());
process.stdout.write(`wrote ${JSON_SCHEMA_PATH}\n`);
fs.writeFileSync(GENERATED_ENDPOINTS_PATH, renderInterfaceEndpointServices());
process.stdout.write(`wrote ${GENERATED_ENDPOINTS_PATH}\n`);
