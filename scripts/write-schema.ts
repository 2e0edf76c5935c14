/** `npm run schema`: regenerates config/landing-zone.schema.json from the zod schema. */
import * as fs from 'fs';
import { JSON_SCHEMA_PATH, renderJsonSchema } from '../lib/config/json-schema';

fs.writeFileSync(JSON_SCHEMA_PATH, renderJsonSchema());
process.stdout.write(`wrote ${JSON_SCHEMA_PATH}\n`);
