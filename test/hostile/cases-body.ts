// Hostile bodies for the receiver: broken JSON, content types, sizes, nesting,
// wrong types, NUL, invalid UTF-8, over-long and injection strings, odd paths.
import { accepted, association, associationKeys, bytes, INJECTIONS, json, refused, relation, relationKeys, TRAVERSALS, utf8, type ReceiverCase } from "./build";

const valid = () => JSON.stringify(association());
const deep = (n: number) => `${"[".repeat(n)}${"]".repeat(n)}`;

const malformed: ReceiverCase[] = [
  ["truncated inside a string", '{"type":"AssociationCreate","id":"a'],
  ["truncated: last brace missing", valid().slice(0, -1)],
  ["truncated at half", valid().slice(0, 120)],
  ["trailing comma", '{"type":"ContactCreate",}'],
  ["single quotes", "{'type':'ContactCreate'}"],
  ["unquoted keys", "{type:1}"],
  ["a comment", '{"type":"ContactCreate" /* hi */}'],
  ["NaN", '{"n":NaN}'],
  ["two objects", "{}{}"],
  ["trailing garbage", '{"type":"ContactCreate"} x'],
  ["raw line break inside a string", '{"label":"line\nbreak"}'],
  ["byte order mark before a valid body", `\uFEFF${valid()}`],
  ["HTML", "<html><script>alert(1)</script></html>"],
  ["whitespace only", " \r\n\t "],
  ["empty body", ""],
].map(([name, body]) => refused("malformed JSON", name ?? "", utf8(body ?? ""), 400, "invalid_json"));

const notObject: ReceiverCase[] = [
  refused("not an object", "an array holding a valid payload", utf8(`[${valid()}]`), 400, "not_object"),
  refused("not an object", "null", utf8("null"), 400, "not_object"),
  refused("not an object", "a JSON string of a payload", json(valid()), 400, "not_object"),
];

// Content-Type is never looked at: the raw bytes are verified and parsed whatever it says.
const form = "type=AssociationCreate&id=1&locationId=x";
const multipart = `--b\r\nContent-Disposition: form-data; name="payload"\r\n\r\n${valid()}\r\n--b--\r\n`;
const contentTypes: ReceiverCase[] = [
  ...[
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=b",
    "application/xml",
    "application/json; charset=iso-8859-1",
    null,
  ].map((contentType) =>
    accepted("content type", `valid JSON sent as ${contentType ?? "no Content-Type"}`, association({ firstObjectLabel: "Käufer 🏠" }), { contentType }),
  ),
  refused("content type", "a real form body", utf8(form), 400, "invalid_json", { contentType: "application/x-www-form-urlencoded" }),
  refused("content type", "a real multipart body", utf8(multipart), 400, "invalid_json", { contentType: "multipart/form-data; boundary=b" }),
];

const small = { WEBHOOK_MAX_BODY_BYTES: "2048" };
const padded = (size: number) => {
  const base = JSON.stringify({ type: "ContactCreate", padding: "" });
  return utf8(JSON.stringify({ type: "ContactCreate", padding: "p".repeat(size - base.length) }));
};
const sizes: ReceiverCase[] = [
  refused("size", "one byte over WEBHOOK_MAX_BODY_BYTES", padded(2049), 413, "body_too_large", { env: small }),
  refused("size", "over the limit and unsigned (refused as unsigned, at most the limit read)", padded(4000), 401, "missing_signature", {
    env: small,
    signature: () => [],
  }),
  refused("size", "100 KiB unsigned under a 1 MiB limit (refused after 64 KiB)", padded(100 * 1024), 401, "missing_signature", { signature: () => [] }),
  refused("size", "a declared Content-Length of 1 GB", padded(100), 413, "body_too_large", { env: small, headers: [["content-length", "1000000000"]] }),
  refused("size", "over the default 1 MiB limit", padded(1024 * 1024 + 1), 413, "body_too_large"),
  { group: "size", name: "exactly WEBHOOK_MAX_BODY_BYTES", body: padded(2048), env: small, expect: { status: 200, stored: { kind: "other" } } },
];

const nesting: ReceiverCase[] = [
  refused("nesting", "100k levels of [ ]", utf8(deep(100_000)), 400, "not_object"),
  refused("nesting", "100k unclosed [", utf8("[".repeat(100_000)), 400, "invalid_json"),
  refused("nesting", "100k levels inside a projected field", utf8(valid().replace('"Buyer"', deep(100_000))), 400, "invalid_payload"),
  {
    group: "nesting",
    name: "100k levels in an unprojected event's id",
    body: utf8(`{"type":"ContactCreate","id":${deep(100_000)}}`),
    expect: { status: 200, stored: { kind: "other" } },
  },
  {
    group: "nesting",
    name: "50k nested objects, no type",
    body: utf8(`${'{"a":'.repeat(50_000)}1${"}".repeat(50_000)}`),
    expect: { status: 200, stored: { kind: "unclassified" } },
  },
];

const wrongTypes: ReceiverCase[] = [
  ["id a number", association({ id: 42 })],
  ["labels an object", association({ firstObjectLabel: { en: "Buyer" } })],
  ["locationId an array", association({ locationId: ["loc-a"] })],
  ["associationType null", association({ associationType: null })],
  ["key a boolean", association({ key: true })],
  ["cardinality a number", association({ firstObjectToSecondObjectCardinality: 1 })],
  ["relation record id a number", relation({ firstRecordId: 7 })],
  ["relation associationId an object", relation({ associationId: { $ne: null } })],
  ["empty id", association({ id: "" })],
].map(([name, payload]) => refused("wrong field types", String(name), json(payload), 400, "invalid_payload"));

const nul: ReceiverCase[] = [
  refused("NUL", "escaped NUL in a label", json(association({ firstObjectLabel: "a\u0000b" })), 400, "invalid_payload"),
  refused("NUL", "escaped NUL in a relation id", json(relation({ id: "r\u0000" })), 400, "invalid_payload"),
  refused("NUL", "raw NUL byte between tokens", bytes('{"type":"ContactCreate"', [0], "}"), 400, "invalid_json"),
  refused("NUL", "raw NUL byte inside a string", bytes('{"type":"Contact', [0], 'Create"}'), 400, "invalid_json"),
  {
    group: "NUL",
    name: "NUL in envelope fields only: stored, fields absent",
    body: json({ type: "Contact\u0000Create", webhookId: "w\u0000x" }),
    expect: { status: 200, stored: { kind: "unclassified" } },
  },
];

const badUtf8: ReceiverCase[] = [
  ["a lone continuation byte", bytes('{"type":"ContactCreate","x":"', [0x80], '"}')],
  ["an overlong encoding of /", bytes('{"type":"ContactCreate","x":"', [0xc0, 0xaf], '"}')],
  ["an encoded surrogate (CESU-8)", bytes('{"type":"ContactCreate","x":"', [0xed, 0xa0, 0x80], '"}')],
  ["a truncated multi-byte character at the end", bytes('{"type":"ContactCreate"}', [0xe2, 0x82])],
  ["UTF-16LE with its BOM", new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"type":"ContactCreate"}', "utf16le")]))],
  ["Latin-1 bytes", bytes('{"type":"ContactCreate","x":"K', [0xe4], 'ufer"}')],
].map(([name, body]) => refused("invalid UTF-8", String(name), body as Uint8Array, 400, "invalid_json"));
badUtf8.push(refused("invalid UTF-8", "an unpaired surrogate escape in a label", utf8(valid().replace('"Buyer"', '"B\\ud800"')), 400, "invalid_payload"));

const overlong: ReceiverCase[] = [
  refused("over-long", "id of 201 characters", json(association({ id: "i".repeat(201) })), 400, "invalid_payload"),
  refused("over-long", "label of 1001 characters", json(association({ secondObjectLabel: "L".repeat(1001) })), 400, "invalid_payload"),
  refused("over-long", "relation record id of 201 characters", json(relation({ secondRecordId: "r".repeat(201) })), 400, "invalid_payload"),
  refused("over-long", "key of 100k characters", json(association({ key: "k".repeat(100_000) })), 400, "invalid_payload"),
  accepted(
    "over-long",
    "id of 200 and label of 1000 characters (the limits)",
    association({ id: `${"i".repeat(190)}${String(Date.now()).slice(-10)}`, firstObjectLabel: "L".repeat(1000) }),
  ),
];

// Every association and relation field, one at a time, then all at once.
const injection: ReceiverCase[] = INJECTIONS.flatMap((text, i) => [
  ...associationKeys.map((key) => accepted("injection as data", `association ${key} = ${text}`, association({ [key]: text }))),
  ...relationKeys.map((key) => accepted("injection as data", `relation ${key} = ${text}`, relation({ [key]: text }))),
  accepted("injection as data", `every association field but id = ${text}`, association(Object.fromEntries(associationKeys.slice(1).map((k) => [k, text])))),
  { group: "injection as data", name: `event type = ${text}`, body: json({ type: text, id: `evt-${i}` }), expect: { status: 200, stored: { kind: "other" } } },
]);

// Duplicate keys: JSON.parse keeps the last, the stored bytes would show the first.
const duplicateKeys: ReceiverCase[] = [
  ["a shadowed label at the top", valid().replace('"firstObjectLabel":', '"firstObjectLabel":"=HYPERLINK(\\"https://evil.example\\")","firstObjectLabel":')],
  ["the same key spelled with an escape", '{"type":"ContactCreate","name":"a","n\\u0061me":"b"}'],
  ["a duplicate in a nested object", '{"type":"ContactCreate","data":{"x":1,"y":{"z":1,"z":2}}}'],
  ["a duplicate in an object inside an array", '{"type":"ContactCreate","items":[{"a":1},{"a":1,"a":2}]}'],
].map(([name, body]) => refused("duplicate keys", String(name), utf8(String(body)), 400, "duplicate_keys"));
duplicateKeys.push(accepted("duplicate keys", "the same key in sibling objects and as a value", association({ firstObjectKey: "key" })));

const paths: ReceiverCase[] = [
  ...TRAVERSALS,
  "AssociationCreate\u0000",
  "AssociationCreate/../AssociationDelete",
  "association create",
  "<script>",
  "AssociationDeleted",
  "Whatever",
  "ContactCreat",
  "associationcreate",
].map((eventType) => ({
  ...refused("per-event path", `path segment ${JSON.stringify(eventType)}`, utf8(valid()), 404, "not_found"),
  eventType,
  expect: { status: 404, code: "not_found", cause: "unknown_event_path" },
}));

export const bodyCases: ReceiverCase[] = [
  ...malformed,
  ...notObject,
  ...contentTypes,
  ...sizes,
  ...nesting,
  ...wrongTypes,
  ...nul,
  ...badUtf8,
  ...overlong,
  ...duplicateKeys,
  ...injection,
  ...paths,
];
