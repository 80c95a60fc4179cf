// CSV encoding of the exports: what goes in comes back out of a standard parser
// (csv-parse), except formula-like text, which comes back with a leading apostrophe.
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { csvHeader, csvRows, csvStream, exportFilename, type CsvRecord } from "./csv";

const columns = ["id", "text", "count", "at"] as const;
const roundTrip = (rows: CsvRecord[]): string[][] => parse(csvHeader(columns) + csvRows(columns, rows));
/** The text column of one row, written and parsed back. */
const cell = (text: string | null | undefined) => roundTrip([{ id: "x", text }])[1]?.[1];

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string[]> {
  const chunks: string[] = [];
  const decoder = new TextDecoder();
  const reader = stream.getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) chunks.push(decoder.decode(next.value));
  return chunks;
}

async function* batches(list: CsvRecord[][], log: string[] = []): AsyncGenerator<CsvRecord[]> {
  try {
    for (const [i, batch] of list.entries()) {
      log.push(`batch ${i}`);
      yield batch;
    }
  } finally {
    log.push("closed");
  }
}

describe("csv encoding", () => {
  it("writes the header row, records ending in CRLF, quoting only when needed", () => {
    expect(csvHeader(columns)).toBe("id,text,count,at\r\n");
    expect(csvRows(columns, [{ id: "a", text: 'say "hi", then', count: 3, at: new Date("2026-01-02T03:04:05.006Z") }])).toBe(
      'a,"say ""hi"", then",3,2026-01-02T03:04:05.006Z\r\n',
    );
    expect(csvRows(columns, [])).toBe("");
  });

  it.each([
    ["quotes", 'a "quoted" word', '"'],
    ["commas", "one, two,three", ","],
    ["LF inside a cell", "line 1\nline 2", "\n"],
    ["CRLF inside a cell", "line 1\r\nline 2", "\r\n"],
    ["a lone CR inside a cell", "line 1\rline 2", "\r"],
    ["all at once", '"x",\n"y"\r\n', '"'],
  ])("round-trips %s, quoted", (_name, text, special) => {
    expect(text).toContain(special);
    expect(cell(text)).toBe(text);
    const line = csvRows(columns, [{ id: "x", text }]);
    expect(line.startsWith(`x,"`)).toBe(true);
    expect(parse(line)).toHaveLength(1);
  });

  it.each([
    ["emoji", "Deal 🤝 done 👩🏽‍💻"],
    ["accents", "Käufer, Propriété, Ñandú"],
    ["CJK", "物件 / 購入者 / 부동산"],
    ["HTML", '<script>alert("x")</script>'],
    ["formula characters later in the text", "a=b+c-d@e"],
  ])("keeps %s verbatim", (_name, text) => {
    expect(cell(text)).toBe(text);
  });

  it("writes UTF-8 without a byte-order mark", async () => {
    const [header, rows] = await readAll(csvStream(columns, batches([[{ id: "é", text: "😀" }]])));
    expect(header?.charCodeAt(0)).toBe("i".charCodeAt(0));
    expect(Buffer.from(rows ?? "", "utf8").toString("hex")).toBe(Buffer.from("é,😀,,\r\n", "utf8").toString("hex"));
  });

  it("writes null, undefined, missing and empty values as empty cells", () => {
    const rows = roundTrip([
      { id: "a", text: null, count: undefined },
      { id: "b", text: "" },
    ]);
    expect(rows.slice(1)).toEqual([
      ["a", "", "", ""],
      ["b", "", "", ""],
    ]);
  });

  it.each([
    ["=", '=HYPERLINK("http://x","click")'],
    ["+", "+1+2"],
    ["-", "-2+3"],
    ["@", "@SUM(A1:A9)"],
    ["tab", "\t=1"],
    ["carriage return", "\r=1"],
    ["full-width =", "＝1+1"],
  ])("neutralises text starting with %s by a leading apostrophe", (_name, text) => {
    expect(cell(text)).toBe(`'${text}`);
  });

  it('neutralises negative-looking text ("-5") but writes our numbers plainly', () => {
    const rows = roundTrip([
      { id: "-5", text: "-5", count: -5 },
      { id: "n", text: "5", count: 0 },
    ]);
    expect(rows.slice(1)).toEqual([
      ["'-5", "'-5", "-5", ""],
      ["n", "5", "0", ""],
    ]);
  });

  it("writes times as ISO 8601 UTC", () => {
    const at = new Date("2026-06-30T23:30:00-05:00");
    expect(roundTrip([{ id: "t", at }])[1]?.[3]).toBe("2026-07-01T04:30:00.000Z");
  });
});

describe("csvStream", () => {
  it("sends the header alone when there are no rows", async () => {
    expect(await readAll(csvStream(columns, batches([])))).toEqual(["id,text,count,at\r\n"]);
  });

  it("encodes one chunk per batch, in order, reading the source only on demand", async () => {
    const log: string[] = [];
    const source = [[{ id: "1" }, { id: "2" }], [], [{ id: "3" }]];
    const stream = csvStream(columns, batches(source, log));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(log).toEqual([]); // nothing read before the consumer asks
    const chunks = await readAll(stream);
    expect(chunks).toEqual(["id,text,count,at\r\n", "1,,,\r\n2,,,\r\n", "3,,,\r\n"]);
    expect(log).toEqual(["batch 0", "batch 1", "batch 2", "closed"]);
  });

  it("errors (never ends cleanly) when the source fails mid-way", async () => {
    async function* failing(): AsyncGenerator<CsvRecord[]> {
      yield [{ id: "1" }];
      throw new Error("database went away");
    }
    const reader = csvStream(columns, failing()).getReader();
    expect((await reader.read()).done).toBe(false); // header
    expect((await reader.read()).done).toBe(false); // first batch
    await expect(reader.read()).rejects.toThrow("database went away");
  });

  it("stops the source when the consumer cancels", async () => {
    const log: string[] = [];
    const reader = csvStream(columns, batches([[{ id: "1" }], [{ id: "2" }], [{ id: "3" }]], log)).getReader();
    await reader.read();
    await reader.read();
    await reader.cancel();
    // The stream may have pulled one batch ahead; it must not read on to the end.
    expect(log.at(-1)).toBe("closed");
    expect(log).not.toContain("batch 2");
  });
});

describe("exportFilename", () => {
  const day = new Date("2026-11-30T12:00:00Z");

  it("names the dataset, the filters given and the UTC day", () => {
    expect(exportFilename("associations", ["location-eHy2cOSZ", undefined, "active", "", false, null], day)).toBe(
      "associations-location-eHy2cOSZ-active-2026-11-30.csv",
    );
    expect(exportFilename("events", [], new Date("2026-11-30T23:30:00-05:00"))).toBe("events-2026-12-01.csv");
  });

  it("keeps only [A-Za-z0-9._-]: no quotes, slashes, spaces, unicode or header tricks", () => {
    const name = exportFilename("events", ['a"b', "../../etc/passwd", "Käufer 😀", "x\r\nSet-Cookie: y", ".hidden"], day);
    expect(name).toMatch(/^[A-Za-z0-9._-]+$/);
    expect(name).toBe("events-a_b-etc_passwd-K_ufer-x_Set-Cookie_y-hidden-2026-11-30.csv");
  });

  it("bounds the length, keeping the dataset, day and extension", () => {
    const name = exportFilename("relations", ["x".repeat(300), "y".repeat(50)], day);
    expect(name.length).toBeLessThanOrEqual(120);
    expect(name).toMatch(/^relations-x+-2026-11-30\.csv$/);
  });
});
