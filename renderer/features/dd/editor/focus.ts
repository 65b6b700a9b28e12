// Keyboard movement between items. Works on the DOM (items in document order are the visible items in
// template order), so hidden items and group rows need no bookkeeping of their own.

/** Marks one answerable field: a top-level leaf item or one cell of a group row. */
export const FIELD_ATTR = 'data-dd-field';
/** Marks a top-level item container; its value is the item key. */
export const ITEM_ATTR = 'data-dd-item';

const FOCUSABLE = [
  'input:not([type="hidden"]):not([disabled])',
  'textarea:not([disabled])',
  'button:not([disabled])',
  'canvas[tabindex]',
  '[role="combobox"]:not([aria-disabled="true"])',
].join(',');

/** Focuses the field's first control (a radio group's checked option if any). */
function focusFirstIn(container: Element, preventScroll = false): boolean {
  const checked = container.querySelector<HTMLElement>('input[type="radio"]:checked:not([disabled])');
  const target = checked ?? container.querySelector<HTMLElement>(FOCUSABLE);
  if (!target) return false;
  target.focus({ preventScroll });
  return true;
}

/** Enter in a single-line field: focus the next field after the one holding `from`. */
export function focusNextField(from: Element): void {
  const fields = [...document.querySelectorAll(`[${FIELD_ATTR}]`)];
  const at = fields.findIndex((f) => f.contains(from));
  for (let i = at + 1; i < fields.length; i++) {
    const field = fields[i];
    if (field && focusFirstIn(field)) return;
  }
}

function itemElement(key: string): HTMLElement | null {
  return document.getElementById(`dd-item-${key}`);
}

/** Scrolls an item into view, focuses its first control and highlights it briefly. */
export function jumpToItem(key: string): boolean {
  const el = itemElement(key);
  if (!el) return false;
  el.scrollIntoView({ block: 'center', behavior: 'smooth' });
  if (!focusFirstIn(el, true)) {
    el.tabIndex = -1;
    el.focus({ preventScroll: true });
  }
  el.classList.remove('dd-item-flash');
  // Restart the highlight animation when the same item is jumped to twice.
  void el.offsetWidth;
  el.classList.add('dd-item-flash');
  return true;
}

export function scrollToSection(key: string): void {
  document.getElementById(`dd-section-${key}`)?.scrollIntoView({ block: 'start', behavior: 'smooth' });
}
