/**
 * Checks of one rendered page: axe-core (injected over the DevTools protocol, which the page's
 * CSP does not govern), horizontal overflow on a small phone, and screenshots in light and dark
 * mode at 1280 and 390 px.
 */
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { Browser } from './browser.ts';

const AXE_SOURCE = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

export interface AxeResult {
  violations: AxeViolation[];
  /** How many rules passed: proves that axe really ran. */
  passes: number;
}

/** Runs axe-core on the page (WCAG 2.x A/AA and best practices); returns every violation. */
export async function runAxe(page: Page): Promise<AxeResult> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return await page.evaluate(async () => {
    type Raw = { id: string; impact: string | null; help: string; nodes: { target: string[] }[] };
    const axe = (
      window as unknown as {
        axe: { run(ctx: Document, options: object): Promise<{ violations: Raw[]; passes: Raw[] }> };
      }
    ).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return {
      violations: result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.map((n) => n.target.join(' ')),
      })),
      passes: result.passes.length,
    };
  });
}

/** Serious and critical violations only (what the issue asks to be zero). */
export function serious(violations: readonly AxeViolation[]): AxeViolation[] {
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** How far the page is wider than a viewport of `width` px (0 = no horizontal scrolling). */
export async function overflowAt(page: Page, width: number): Promise<number> {
  const before = page.viewportSize();
  await page.setViewportSize({ width, height: 800 });
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  if (before) await page.setViewportSize(before);
  return overflow;
}

export interface Audit {
  /** Every axe violation, light and dark mode. */
  violations: AxeViolation[];
  /** Rules axe checked and found passing (light mode). */
  passes: number;
  /** Horizontal overflow at 360 px. */
  overflow360: number;
}

/** Where the full axe results of every page go (JSON, one file per page). */
export const AXE_ARTIFACTS = join(process.cwd(), 'test-artifacts', 'axe');

/**
 * Screenshots (`<name>-1280.png`, `<name>-390.png`, `<name>-dark-1280.png`, `<name>-dark-390.png`;
 * the whole page unless `fullPage: false`) and the checks of the page currently open; the axe
 * results are kept as `axe/<name>.json`.
 */
export async function auditPage(
  browser: Browser,
  name: string,
  options: { fullPage?: boolean } = {},
): Promise<Audit> {
  const { page } = browser;
  await page.emulateMedia({ colorScheme: 'light' });
  await browser.screenshot(name, 1280, options);
  await browser.screenshot(name, 390, options);
  const light = await runAxe(page);
  const overflow360 = await overflowAt(page, 360);
  await page.emulateMedia({ colorScheme: 'dark' });
  await browser.screenshot(`${name}-dark`, 1280, options);
  await browser.screenshot(`${name}-dark`, 390, options);
  const dark = await runAxe(page);
  await page.emulateMedia({ colorScheme: 'light' });
  const violations = [
    ...light.violations,
    ...dark.violations.map((v) => ({ ...v, id: `${v.id} (dark)` })),
  ];
  await mkdir(AXE_ARTIFACTS, { recursive: true });
  await writeFile(
    join(AXE_ARTIFACTS, `${name}.json`),
    `${JSON.stringify({ url: page.url(), passes: light.passes, violations }, null, 2)}\n`,
  );
  return { violations, passes: light.passes, overflow360 };
}
