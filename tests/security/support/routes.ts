/**
 * The routes a Fastify app serves, read from `printRoutes({ commonPrefix: false })`: one line per
 * node, four characters of indentation per level, the node's own part of the path, then its methods.
 */
export interface ServedRoute {
  method: string;
  /** In the document's spelling: `/products/{id}`. */
  path: string;
}

const LINE = /^((?:[│ ] {3})*)[├└]── (\S*)(?: \(([^)]+)\))?$/;

export function servedRoutes(tree: string): ServedRoute[] {
  const parts: string[] = [];
  const routes: ServedRoute[] = [];
  for (const line of tree.split('\n')) {
    const match = LINE.exec(line);
    if (!match) continue;
    const depth = (match[1] ?? '').length / 4;
    parts.length = depth;
    parts.push(match[2] ?? '');
    const path = parts.join('').replace(/:(\w+)/g, '{$1}');
    for (const method of (match[3] ?? '').split(',').map((m) => m.trim()))
      if (method && method !== 'HEAD') routes.push({ method, path });
  }
  return routes;
}
