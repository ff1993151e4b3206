/**
 * Reading metric names out of PromQL (dashboard queries, rule expressions) and out of a
 * Prometheus text exposition, for the checks that every query names a metric that exists.
 */

/** Words of PromQL that look like identifiers but never name a metric. */
const KEYWORDS = new Set([
  'and',
  'or',
  'unless',
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'bool',
  'offset',
  'inf',
  'nan',
]);

/**
 * The metric names a PromQL expression selects: identifiers standing alone or followed by a
 * label matcher `{…}` or a range `[…]` — not functions or aggregations (followed by `(`), not
 * keywords, not label names (inside `{…}` or `by (…)`), not string contents, not Grafana
 * variables (`$service`, `${datasource}`, `$__rate_interval`). `{__name__="x"}` names `x`.
 */
export function metricNames(expr: string): string[] {
  const names = new Set<string>();
  for (const match of expr.matchAll(/__name__\s*=\s*"([^"]+)"/g)) names.add(match[1]!);
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""')
    .replace(/\{[^}]*\}/g, '{}')
    .replace(/\[[^\]]*\]/g, '[]')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/\boffset\s+-?[\w$]+/g, ' ')
    .replace(/@\s*(?:start\(\)|end\(\)|[\d.]+)/g, ' ')
    .replace(/\$\{[^}]*\}|\$\w+|\[\[\w+\]\]/g, ' ');
  const token =
    /(0[xX][0-9a-fA-F]+|\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|([a-zA-Z_:][\w:]*)(\s*\()?/g;
  for (const [, number, identifier, call] of bare.matchAll(token)) {
    if (number !== undefined || identifier === undefined || call !== undefined) continue;
    if (KEYWORDS.has(identifier.toLowerCase())) continue;
    names.add(identifier);
  }
  return [...names].sort();
}

/**
 * The metric names a Grafana query variable selects: `label_values(<selector>, <label>)` names
 * the selector's metric only (its second argument is a label); other queries are PromQL.
 */
export function variableMetricNames(query: string): string[] {
  const labelValues = /^\s*label_values\s*\((.*),\s*[a-zA-Z_]\w*\s*\)\s*$/s.exec(query);
  if (labelValues) return metricNames(labelValues[1]!);
  if (/^\s*label_values\s*\(\s*[a-zA-Z_]\w*\s*\)\s*$/.test(query)) return [];
  return metricNames(query);
}

/** What one /metrics answer exports: families by type, and the families that have samples. */
export interface Exposition {
  types: Map<string, string>;
  withSamples: Set<string>;
}

const SUFFIXES = ['_bucket', '_sum', '_count'];

/** The family a sample or referenced name belongs to: `x_bucket` of histogram `x` is `x`. */
export function familyOf(name: string, types: ReadonlyMap<string, string>): string {
  for (const suffix of SUFFIXES) {
    if (!name.endsWith(suffix)) continue;
    const base = name.slice(0, -suffix.length);
    const type = types.get(base);
    if (type === 'histogram' || type === 'summary') return base;
  }
  return name;
}

export function readExposition(
  text: string,
  into: Exposition = { types: new Map(), withSamples: new Set() },
) {
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)/.exec(line);
    if (type) into.types.set(type[1]!, type[2]!);
  }
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const name = /^[a-zA-Z_:][\w:]*/.exec(line)?.[0];
    if (name) into.withSamples.add(familyOf(name, into.types));
  }
  return into;
}
