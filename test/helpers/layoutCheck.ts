// Layout checks measured in the page: figures (amounts, dates, times, ids) broken across lines, tags
// cut short with no way to read them, and cards whose content is wider than they are. Run as page scripts (text), since the test files are
// compiled without the DOM types.
import type { Page } from 'playwright-core';

export interface LayoutProblem {
  kind: 'broken_figure' | 'cut_tag' | 'overflowing_card';
  text: string;
}

/**
 * A figure: an amount with or without currency and unit, a percentage, a date or date-time, a loan or
 * customer number. Written as a string for the page script.
 */
const FIGURE_SOURCE = String.raw`^(?:(?:¥|\$|CNY|RMB)\s?)?[-+]?\d[\d,]*(?:\.\d+)?\s?(?:%|元|万元|天|笔|期|个月|days?|months?)?$|^\d{4}[-/]\d{1,2}[-/]\d{1,2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$|^\d{1,2}:\d{2}$|^[A-Z]{1,5}[-\dA-Z]*\d{4,}[-\dA-Z]*$`;

const SCRIPT = `(() => {
  const figure = new RegExp(${JSON.stringify(FIGURE_SOURCE)});
  const out = [];
  const visible = (el) => {
    if (!el || el.closest('[aria-hidden="true"], [inert]')) return false;
    const style = getComputedStyle(el);
    return style.visibility !== 'hidden' && style.display !== 'none';
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = (node.textContent || '').trim();
    if (text.length < 4 || !figure.test(text) || !visible(node.parentElement)) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0).map((r) => Math.round(r.top)));
    if (tops.size > 1) out.push({ kind: 'broken_figure', text });
  }
  for (const tag of document.querySelectorAll('.ant-tag')) {
    if (!visible(tag)) continue;
    const cut = tag.scrollWidth > tag.clientWidth + 1;
    const named = tag.closest('[title], [aria-label]') || tag.querySelector('[title], [aria-label]');
    if (cut && !named) out.push({ kind: 'cut_tag', text: (tag.textContent || '').trim() });
  }
  // A card whose content is wider than the card: figures kept whole must not push out of their box.
  for (const card of document.querySelectorAll('.ant-card-body, .ant-descriptions')) {
    if (!visible(card)) continue;
    if (card.scrollWidth > card.clientWidth + 1) out.push({ kind: 'overflowing_card', text: (card.textContent || '').trim().slice(0, 40) });
  }
  return out;
})()`;

/** What on the page now is broken across lines or cut without a way to read it. */
export async function layoutProblems(page: Page): Promise<LayoutProblem[]> {
  return page.evaluate(SCRIPT) as Promise<LayoutProblem[]>;
}
