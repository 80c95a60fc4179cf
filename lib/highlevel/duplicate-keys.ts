// Finds a key that appears twice in one JSON object, at any depth. JSON.parse keeps
// the last one silently, so `{"label":"=HYPERLINK(…)","label":"Old"}` parses as
// "Old" while the stored raw body still shows the first value: content the parsed
// (and, with the JSON-form signature fallback, the signed) body does not have.
//
// Runs on text JSON.parse has already accepted, so it only has to tell keys from
// values: one pass, a stack of key sets, string escapes decoded before comparing
// ("a\u0062" and "ab" are the same key).

export interface DuplicateKey {
  key: string;
  /** Where the object is: "$", "$.data", "$.items[2]"… */
  path: string;
}

interface Frame {
  keys: Set<string> | null; // null for an array
  parent: Frame | null;
  /** Where this container sits in its parent: a key or an array index. */
  at: string | number | null;
  index: number; // next array index
  pendingKey: string | null; // the key whose value comes next
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** The end index (exclusive) of the string literal starting at `start` (a quote). */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) return i + 1;
    i += c === BACKSLASH ? 2 : 1;
  }
}

/** "$", "$.data", "$.items[2]"…, built only when a duplicate is found (a path per level would cost O(depth²)). */
function pathOf(frame: Frame): string {
  const parts: string[] = [];
  for (let f: Frame | null = frame; f?.parent; f = f.parent) parts.push(typeof f.at === "number" ? `[${f.at}]` : `.${f.at ?? ""}`);
  return `$${parts.reverse().join("")}`;
}

export function findDuplicateKey(text: string): DuplicateKey | null {
  const stack: Frame[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "{" || c === "[") {
      const parent = stack.at(-1) ?? null;
      const at = parent === null ? null : parent.keys === null ? parent.index : parent.pendingKey;
      stack.push({ keys: c === "{" ? new Set() : null, parent, at, index: 0, pendingKey: null });
      expectKey = c === "{";
    } else if (c === "}" || c === "]") {
      stack.pop();
      expectKey = false;
    } else if (c === ",") {
      const frame = stack.at(-1);
      if (frame?.keys === null) frame.index += 1;
      expectKey = frame?.keys != null;
    } else if (c === '"') {
      const end = stringEnd(text, i);
      const frame = stack.at(-1);
      if (expectKey && frame?.keys) {
        const literal = text.slice(i, end);
        // A JSON string literal parses to a string; String() only says so to the compiler.
        const key = literal.includes("\\") ? String(JSON.parse(literal)) : literal.slice(1, -1);
        if (frame.keys.has(key)) return { key, path: pathOf(frame) };
        frame.keys.add(key);
        frame.pendingKey = key;
        expectKey = false;
      }
      i = end - 1;
    }
  }
  return null;
}
