/**
 * The README shows the default config's picture, compliance totals and cost table. They are copied from
 * the generated pages (docs/organization-map.md, docs/compliance.md, docs/cost.md) into marked blocks
 * (`<!-- generated:NAME -->` … `<!-- /generated:NAME -->`) by `npm run baseline` and `npm run diagram`,
 * and a test fails when the README is stale.
 */
import { ValidationError } from '../../constructs/core/validation-error';

export const README_PATH = 'README.md';

/** The generated pages a README block is taken from. */
export interface GeneratedDocs {
  readonly architecture: string;
  readonly compliance: string;
  readonly cost: string;
}

/** The README blocks, by name, from the generated pages. */
export function readmeSections(docs: GeneratedDocs): Record<string, string> {
  const mermaid = /```mermaid\n[\s\S]*?\n```/.exec(docs.architecture)?.[0];
  const totals = /^\*\*\d+ of \d+ controls implemented\*\*.*$/m.exec(docs.compliance)?.[0];
  // The cost page's second table: monthly cost per account and the total.
  const costTable = /^\| account \| monthly \|\n(?:\|.*\|\n)+/m.exec(docs.cost)?.[0];
  const missing = [
    ...(mermaid ? [] : ['docs/organization-map.md has no mermaid block']),
    ...(totals ? [] : ['docs/compliance.md has no "N of M controls implemented" line']),
    ...(costTable ? [] : ['docs/cost.md has no per-account table']),
  ];
  if (missing.length > 0) throw new ValidationError('Cannot build the README sections:', missing);
  return { architecture: mermaid!, compliance: totals!, cost: costTable!.trimEnd() };
}

/** Replaces every marked block with its section; a block without a section (or the reverse) is an error. */
export function embedSections(readme: string, sections: Record<string, string>, page = 'README'): string {
  const problems: string[] = [];
  let out = readme;
  for (const [name, content] of Object.entries(sections)) {
    const block = new RegExp(`(<!-- generated:${name} -->)[\\s\\S]*?(<!-- /generated:${name} -->)`);
    if (!block.test(out)) problems.push(`${page} has no <!-- generated:${name} --> … <!-- /generated:${name} --> block`);
    out = out.replace(block, (_m, open: string, close: string) => `${open}\n${content}\n${close}`);
  }
  if (problems.length > 0) throw new ValidationError(`Cannot update ${page}:`, problems);
  return out;
}
