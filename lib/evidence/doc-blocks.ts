/**
 * Documentation tables that restate a table in code are generated from it, so the code table stays the one
 * place a fact lives: adding a saved query is one row in `investigation-queries.ts` and `npm run docs`.
 * Each block sits between `<!-- generated:NAME -->` and `<!-- /generated:NAME -->` in its page; a test fails
 * when a page is stale.
 */
import { INVESTIGATION_QUERIES, type InvestigationQuery } from '../constructs/logging/investigation-queries';
import { logSourcesTable } from '../constructs/logging/log-source-catalogue';
import { embedSections } from './readme';

/** A generated block of one documentation page. */
export interface DocBlock {
  /** Repository-relative page, e.g. `docs/logging.md`. */
  readonly file: string;
  /** Block name in the page's markers. */
  readonly name: string;
  readonly content: string;
}

/** The saved-query table of `docs/logging.md`: one row per saved query, as the Athena console lists them. */
export function investigationsTable(queries: readonly InvestigationQuery[] = INVESTIGATION_QUERIES): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  return ['| saved query | table | answers |', '|---|---|---|', ...queries.map((q) => `| ${cell(q.name)} | \`${q.table}\` | ${cell(q.description)} |`)].join('\n');
}

/** Every block generated from code tables. */
export function codeDocBlocks(): DocBlock[] {
  return [
    { file: 'docs/logging.md', name: 'log-sources', content: logSourcesTable() },
    { file: 'docs/logging.md', name: 'investigations', content: investigationsTable() },
  ];
}

/** The pages with their blocks replaced, keyed by file; `read` returns a page's current text. */
export function renderDocBlocks(blocks: readonly DocBlock[], read: (file: string) => string): Map<string, string> {
  const out = new Map<string, string>();
  for (const file of [...new Set(blocks.map((b) => b.file))]) {
    const sections = Object.fromEntries(blocks.filter((b) => b.file === file).map((b) => [b.name, b.content]));
    out.set(file, embedSections(read(file), sections, file));
  }
  return out;
}
