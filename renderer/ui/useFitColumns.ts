// How many description columns fit the box a component sits in (not the window): a card beside
// others is narrow on a 1280-pixel screen, and figures kept whole need their room.
import { useLayoutEffect, useRef, useState } from 'react';

export function useFitColumns(minColumnPx: number, max: number) {
  const ref = useRef<HTMLDivElement>(null);
  const [columns, setColumns] = useState(1);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const fit = (width: number) => setColumns(Math.max(1, Math.min(max, Math.floor(width / minColumnPx))));
    fit(el.getBoundingClientRect().width);
    const observer = new ResizeObserver(([entry]) => entry && fit(entry.contentRect.width));
    observer.observe(el);
    return () => observer.disconnect();
  }, [minColumnPx, max]);
  return { ref, columns };
}
