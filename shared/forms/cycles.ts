// Dependency cycles among visibility conditions. Publish already refuses forward references, which
// rule cycles out, but that argument rests on the order rules being right; a direct graph walk makes
// the "no cycle" guarantee independent of them and gives head office a readable path ("a → b → a").

/** node -> the nodes it depends on. */
export type DependencyGraph = ReadonlyMap<string, readonly string[]>;

/** Every elementary cycle the depth-first walk meets, each once, as node lists closing on their start. */
export function findCycles(graph: DependencyGraph): string[][] {
  const state = new Map<string, 'active' | 'done'>();
  const stack: string[] = [];
  const found: string[][] = [];
  const seen = new Set<string>();

  const visit = (node: string): void => {
    state.set(node, 'active');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      const s = state.get(next);
      if (s === 'active') {
        const cycle = [...stack.slice(stack.lastIndexOf(next)), next];
        const id = [...new Set(cycle)].sort().join('\u0000');
        if (!seen.has(id)) {
          seen.add(id);
          found.push(cycle);
        }
      } else if (s === undefined) {
        visit(next);
      }
    }
    stack.pop();
    state.set(node, 'done');
  };

  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return found;
}
