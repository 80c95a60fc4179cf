// A small parser of Prometheus' text exposition format (version 0.0.4), so tests read
// /api/metrics the way a scraper does rather than matching strings: HELP and TYPE
// lines, samples with escaped label values, NaN and ±Inf.
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Exposition {
  types: Map<string, string>;
  help: Map<string, string>;
  samples: Sample[];
}

// dotAll: a label value may hold \r, U+2028 or U+2029 (only \n is escaped), e.g. a location
// id from the receiver's property tests, and a plain "." stops at them.
const sampleLine = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+(-?\d+))?$/s;
const labelPair = /\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*(,|$)/y;

function parseValue(text: string): number {
  const lower = text.toLowerCase();
  if (lower === "nan") return Number.NaN;
  if (lower === "+inf" || lower === "inf") return Number.POSITIVE_INFINITY;
  if (lower === "-inf") return Number.NEGATIVE_INFINITY;
  const n = Number(text);
  if (!Number.isFinite(n)) throw new Error(`not a sample value: ${text}`);
  return n;
}

function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  labelPair.lastIndex = 0;
  while (labelPair.lastIndex < text.length) {
    const start = labelPair.lastIndex;
    const m = labelPair.exec(text);
    if (!m || m.index !== start) throw new Error(`bad labels: {${text}}`);
    const [, name = "", raw = ""] = m;
    if (name in labels) throw new Error(`label ${name} twice in {${text}}`);
    labels[name] = raw.replace(/\\(.)/g, (_, c: string) => (c === "n" ? "\n" : c));
  }
  return labels;
}

export function parseExposition(text: string): Exposition {
  const out: Exposition = { types: new Map(), help: new Map(), samples: [] };
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    const meta = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
    if (meta) {
      const [, kind, name = "", rest = ""] = meta;
      const map = kind === "TYPE" ? out.types : out.help;
      if (map.has(name)) throw new Error(`${kind} for ${name} twice`);
      map.set(name, rest);
      continue;
    }
    if (line.startsWith("#")) continue;
    const m = sampleLine.exec(line);
    if (!m) throw new Error(`not an exposition line: ${line}`);
    out.samples.push({ name: m[1] ?? "", labels: parseLabels(m[2] ?? ""), value: parseValue(m[3] ?? "") });
  }
  return out;
}

const matches = (labels: Record<string, string>, want: Record<string, string>) => Object.entries(want).every(([k, v]) => labels[k] === v);

/** The samples of one name whose labels include `want`. */
export function samples(e: Exposition, name: string, want: Record<string, string> = {}): Sample[] {
  return e.samples.filter((s) => s.name === name && matches(s.labels, want));
}

/** The one sample with exactly these labels, or undefined (absent series). */
export function sample(e: Exposition, name: string, labels: Record<string, string> = {}): number | undefined {
  const found = e.samples.filter((s) => s.name === name && Object.keys(s.labels).length === Object.keys(labels).length && matches(s.labels, labels));
  if (found.length > 1) throw new Error(`${name} ${JSON.stringify(labels)} appears ${found.length} times`);
  return found[0]?.value;
}

/** Sum of the samples matching `want`; 0 when there are none (a counter not yet touched). */
export function total(e: Exposition, name: string, want: Record<string, string> = {}): number {
  return samples(e, name, want).reduce((a, s) => a + s.value, 0);
}
