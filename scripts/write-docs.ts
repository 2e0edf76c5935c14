/** `npm run docs`: regenerates the documentation tables that restate code tables (lib/evidence/doc-blocks.ts). */
import * as fs from 'fs';
import { codeDocBlocks, renderDocBlocks } from '../lib/evidence/doc-blocks';

for (const [file, text] of renderDocBlocks(codeDocBlocks(), (f) => fs.readFileSync(f, 'utf8'))) {
  fs.writeFileSync(file, text);
  process.stdout.write(`updated ${file}\n`);
}
