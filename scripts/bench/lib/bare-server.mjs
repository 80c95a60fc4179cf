// The machine's ceiling for ingest: a bare node:http server that does the least a
// durable receiver must do: read the raw body, verify its Ed25519 signature with
// node:crypto, and INSERT the event row into the same database with the bare driver,
// committed (SQLite: WAL, synchronous=FULL like the app; PostgreSQL: autocommit)
// before answering 200. No framework, no ORM, no projection.
//   node bare-server.mjs PORT DATABASE_URL PUBLIC_KEY_PATH
import { createPublicKey, verify } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";

const [port, url, keyPath] = process.argv.slice(2);
const key = createPublicKey(readFileSync(keyPath, "utf8"));
const columns = [
  "dedupeKey",
  "webhookId",
  "type",
  "kind",
  "locationId",
  "subjectId",
  "associationId",
  "eventTimestamp",
  "occurredAt",
  "receivedAt",
  "lastSeenAt",
  "verification",
  "signedForm",
  "route",
  "headers",
  "rawBody",
  "bodySize",
];
const list = columns.map((c) => `"${c}"`).join(", ");

let insert;
if (url.startsWith("file:")) {
  const { default: Database } = await import("better-sqlite3");
  const db = new Database(url.slice("file:".length), { timeout: 10_000 });
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  const stmt = db.prepare(`INSERT INTO "Event" (${list}) VALUES (${columns.map(() => "?").join(", ")})`);
  const date = (d) => d.toISOString().replace("Z", "+00:00");
  insert = async (row) => Number(stmt.run(row.map((v) => (v instanceof Date ? date(v) : v))).lastInsertRowid);
} else {
  const { default: pg } = await import("pg");
  const pool = new pg.Pool({ connectionString: url, max: 10 }); // the app's pool size
  const sql = `INSERT INTO "Event" (${list}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(", ")}) RETURNING id`;
  insert = async (row) => (await pool.query(sql, row)).rows[0].id;
}

const kindOf = (type) => (type?.startsWith("Association") ? "association" : type?.startsWith("Relation") ? "relation" : "other");

createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", async () => {
    const raw = Buffer.concat(chunks);
    const signature = Buffer.from(String(req.headers["x-ghl-signature"] ?? ""), "base64");
    if (!verify(null, raw, key, signature)) {
      res.writeHead(401, { "content-type": "application/json" }).end('{"error":"bad_signature"}');
      return;
    }
    try {
      const body = JSON.parse(raw.toString("utf8"));
      const receivedAt = new Date();
      const at = typeof body.timestamp === "string" ? new Date(body.timestamp) : receivedAt;
      const headers = JSON.stringify({ "content-type": req.headers["content-type"], "x-ghl-signature": req.headers["x-ghl-signature"] });
      const id = await insert([
        `wh:${body.webhookId}`,
        body.webhookId,
        body.type,
        kindOf(body.type),
        body.locationId,
        body.id,
        body.associationId ?? body.id,
        at,
        at,
        receivedAt,
        receivedAt,
        "ed25519",
        "raw",
        "generic",
        headers,
        raw,
        raw.length,
      ]);
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ status: "stored", eventId: id }));
    } catch (error) {
      res.writeHead(503, { "content-type": "application/json" }).end(JSON.stringify({ error: String(error.message) }));
    }
  });
}).listen(Number(port), "127.0.0.1", () => console.log("ready"));
