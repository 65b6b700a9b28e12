// The search box above a grid: typing is debounced (each keystroke would otherwise run a query on the
// service), ↓ or Enter applies the text at once and moves into the grid, and a filter reset from
// elsewhere (a saved view) shows in the box.
import { useEffect, useState, type KeyboardEvent } from 'react';

const SEARCH_DEBOUNCE_MS = 300;

export function useSearchBox<F extends { q: string }>(filters: F, onChange: (next: F) => void, onEnterGrid: () => void) {
  const [text, setText] = useState(filters.q);

  useEffect(() => setText(filters.q), [filters.q]);

  useEffect(() => {
    if (text === filters.q) return;
    const timer = window.setTimeout(() => onChange({ ...filters, q: text }), SEARCH_DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [text, filters, onChange]);

  const onSearchKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'Enter') {
      e.preventDefault();
      if (text !== filters.q) onChange({ ...filters, q: text });
      onEnterGrid();
    }
  };

  return { text, setText, onSearchKey };
}
