import * as fs from 'fs';
import * as path from 'path';
import { INVESTIGATION_QUERIES } from '../../../lib/constructs/logging/investigation-queries';
import { codeDocBlocks, investigationsTable, renderDocBlocks } from '../../../lib/evidence/doc-blocks';
import { ROOT } from '../../helpers';

const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

test('every page with a block generated from code is current (run `npm run docs`)', () => {
  for (const [file, text] of renderDocBlocks(codeDocBlocks(), read)) expect({ file, text }).toEqual({ file, text: read(file) });
});

test('docs/logging.md lists every saved investigation query by the name the Athena console shows', () => {
  const logging = read('docs/logging.md');
  for (const q of INVESTIGATION_QUERIES) expect(logging).toContain(`| ${q.name} | \`${q.table}\` |`);
});

test('a new saved query appears in the table without editing the page', () => {
  const table = investigationsTable([...INVESTIGATION_QUERIES, { id: 'X', name: 'Deleted keys', description: 'ScheduleKeyDeletion | DisableKey calls.', table: 'cloudtrail', sql: '' }]);
  expect(table.split('\n').at(-1)).toBe('| Deleted keys | `cloudtrail` | ScheduleKeyDeletion \\| DisableKey calls. |');
});

test('a page without the block is an error naming the page and the block', () => {
  expect(() => renderDocBlocks([{ file: 'docs/x.md', name: 'investigations', content: '' }], () => '# x\n')).toThrow(
    /docs\/x\.md has no <!-- generated:investigations -->/,
  );
});
