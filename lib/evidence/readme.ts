/**
 * The README shows the default config's picture, compliance totals, cost table and tier adjacency. They are
 * copied from the generated pages (docs/organization-map.md, docs/compliance.md, docs/cost.md, the generated
 * block of docs/network.md) into marked blocks
 * (`<!-- generated:NAME -->` … `<!-- /generated:NAME -->`) by `npm run record-release` and `npm run diagram`,
 * and a test fails when the README is stale.
 */
import { ValidationError } from '../../constructs/core/validation-error';

export const README_PATH = 'README.md';

/** The generated pages a README block is taken from. */
export interface GeneratedDocs {
  readonly architecture: string;
  readonly compliance: string;
  readonly cost: string;
  /** docs/network.md, whose `tiers` block holds the tier adjacency picture. */
  readonly network: string;
}

/** The README blocks, by name, from the generated pages. */
export function readmeSections(docs: GeneratedDocs): Record<string, string> {
  const mermaid = /```mermaid\n[\s\S]*?\n```/.exec(docs.architecture)?.[0];
  const totals = /^\*\*\d+ of \d+ controls implemented\*\*.*$/m.exec(docs.compliance)?.[0];
  // The cost page's second table: monthly cost per account and the total.
  const costTable = /^\| account \| monthly \|\n(?:\|.*\|\n)+/m.exec(docs.cost)?.[0];
  const tiers = /<!-- generated:tiers -->[\s\S]*?(```mermaid\n[\s\S]*?\n```)[\s\S]*?<!-- \/generated:tiers -->/.exec(docs.network)?.[1];
  const missing = [
    ...(mermaid ? [] : ['docs/organization-map.md has no mermaid block']),
    ...(totals ? [] : ['docs/compliance.md has no "N of M controls implemented" line']),
    ...(costTable ? [] : ['docs/cost.md has no per-account table']),
    ...(tiers ? [] : ['docs/network.md has no mermaid block in its generated tiers block']),
  ];
  if (missing.length > 0) throw new ValidationError('Cannot build the README sections:', missing);
  return { architecture: mermaid!, compliance: totals!, cost: costTable!.trimEnd(), tiers: tiers! };
}

/** Replaces every marked block with its section; a section without its block is an error naming `document`. */
export function embedSections(readme: string, sections: Record<string, string>, document = 'README'): string {
  const problems: string[] = [];
  let out = readme;
  for (const [name, content] of Object.entries(sections)) {
    const block = new RegExp(`(<!-- generated:${name} -->)[\\s\\S]*?(<!-- /generated:${name} -->)`);
    if (!block.test(out)) problems.push(`${document} has no <!-- generated:${name} --> … <!-- /generated:${name} --> block`);
    out = out.replace(block, (_m, open: string, close: string) => `${open}\n${content}\n${close}`);
  }
  if (problems.length > 0) throw new ValidationError(`Cannot update ${document}:`, problems);
  return out;
}
