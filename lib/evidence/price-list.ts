/** The dated list prices the cost evidence reads: `prices/<region>.json`, one file per region. */
import * as fs from 'fs';
import * as path from 'path';

export interface PriceItem {
  /** What is billed, e.g. `NAT gateway`. */
  readonly name: string;
  readonly price: number;
  readonly unit: string;
  readonly source: string;
  readonly confirmed: boolean;
  readonly note?: string;
}

export interface PriceList {
  readonly region: string;
  readonly currency: string;
  readonly hoursPerMonth: number;
  readonly retrieved: string;
  readonly source: string;
  readonly items: Record<string, PriceItem>;
  readonly instanceHour: { readonly prices: Record<string, number>; readonly source: string; readonly confirmed: boolean; readonly note: string };
  /** Rates of what grows with use, for the usage-based estimate (`cost-usage.ts`). */
  readonly usage?: Record<string, PriceItem>;
}

/** The price list of `region`, or undefined when the repository has none for it. */
export function loadPrices(region: string): PriceList | undefined {
  const file = path.join(__dirname, 'prices', `${region}.json`);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as PriceList) : undefined;
}
