// The unified line diff of two bodies. Each line says what it is in text, not only in
// colour: a visible − / + sign, and "removed" / "added" for screen readers (del / ins
// carry the same meaning). Bodies come from outside: every line is rendered as text.
import { diffContextLines, maxDiffBodyBytes, type DiffHunk, type RawDiff } from "@/lib/event-diff";

const kib = (bytes: number) => `${Math.round(bytes / 1024).toLocaleString("en-US")} KiB`;

function Line({ line }: { line: string }) {
  const sign = line.charAt(0);
  const text = line.slice(1);
  if (sign === "-") {
    return (
      <del className="block bg-red-950/60 text-red-100 no-underline">
        <span aria-hidden className="select-none pr-2 text-red-300">
          −
        </span>
        <span className="sr-only">removed: </span>
        {text}
      </del>
    );
  }
  if (sign === "+") {
    return (
      <ins className="block bg-emerald-950/60 text-emerald-100 no-underline">
        <span aria-hidden className="select-none pr-2 text-emerald-300">
          +
        </span>
        <span className="sr-only">added: </span>
        {text}
      </ins>
    );
  }
  // "\ No newline at end of file" and unchanged lines.
  return (
    <span className="block text-zinc-300">
      <span aria-hidden className="select-none pr-2">
        {" "}
      </span>
      {sign === " " ? text : line}
    </span>
  );
}

function Hunk({ hunk, index }: { hunk: DiffHunk; index: number }) {
  const range = (start: number, lines: number) =>
    lines === 0 ? `none (after line ${start})` : lines === 1 ? `line ${start}` : `lines ${start}–${start + lines - 1}`;
  const label = `Change ${index + 1}: A ${range(hunk.oldStart, hunk.oldLines)}, B ${range(hunk.newStart, hunk.newLines)}`;
  return (
    <figure className="space-y-1">
      <figcaption className="text-xs text-zinc-600 dark:text-zinc-400">{label}</figcaption>
      <pre
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard to be scrolled (axe: scrollable-region-focusable); the figure's caption names it
        tabIndex={0}
        className="max-h-[32rem] overflow-auto rounded bg-zinc-950 p-3 text-xs focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600"
      >
        <code>
          {hunk.lines.map((line, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a hunk's lines are fixed text in a fixed order; equal lines repeat, so the index is the identity
            <Line key={i} line={line} />
          ))}
        </code>
      </pre>
    </figure>
  );
}

export function BodyDiff({ raw, sizes }: { raw: RawDiff; sizes: { a: number; b: number } }) {
  if (raw.status === "identical") return <p className="text-sm">The two bodies are byte for byte the same.</p>;
  if (raw.status === "too_large") {
    return (
      <p role="note" className="text-sm">
        Not compared line by line: a body over {kib(maxDiffBodyBytes)} ({kib(raw.limitBytes)} is the limit; A is {kib(sizes.a)}, B is {kib(sizes.b)}). The field
        changes above are still exact; open each event to read its whole body.
      </p>
    );
  }
  if (raw.status === "too_complex") {
    return (
      <p role="note" className="text-sm">
        Not compared line by line: the bodies differ in too many lines to diff quickly. Open each event to read its whole body.
      </p>
    );
  }
  if (raw.hunks.length === 0) {
    return <p className="text-sm">Same JSON, different bytes: the bodies differ only in whitespace or escapes, which the pretty-printed form does not show.</p>;
  }
  return (
    <div className="space-y-3">
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Both bodies pretty-printed as JSON, keys in the order they were received; <span aria-hidden>−</span> lines are only in A, <span aria-hidden>+</span>{" "}
        lines only in B, with {diffContextLines} unchanged lines around each change.
      </p>
      {raw.hunks.map((h) => (
        <Hunk key={`${h.oldStart}:${h.newStart}`} hunk={h} index={raw.hunks.indexOf(h)} />
      ))}
    </div>
  );
}
