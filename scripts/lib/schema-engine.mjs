// Prisma's schema engine as WebAssembly (npm package @prisma/schema-engine-wasm),
// driven in-process. Prisma's CLI wants a native engine binary it downloads from
// its own host, which air-gapped machines (and ours) cannot reach; the wasm build
// computes the same migration SQL with no download and no database.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);
// The package exports only its JS entry; the .wasm sits beside it.
const wasmDir = dirname(require.resolve("@prisma/schema-engine-wasm"));

let bindings;
async function loadBindings() {
  if (bindings) return bindings;
  // Node 20 cannot `import` a .wasm module directly, so instantiate it by hand.
  globalThis.PRISMA_WASM_PANIC_REGISTRY ??= {
    set_message(message) {
      process.stderr.write(`schema engine panic: ${message}\n`);
    },
  };
  const bg = await import(join(wasmDir, "schema_engine_bg.js"));
  const { instance } = await WebAssembly.instantiate(readFileSync(join(wasmDir, "schema_engine_bg.wasm")), {
    "./schema_engine_bg.js": bg,
  });
  bg.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  bindings = bg;
  return bg;
}

// Diffing two schema files needs no database, but the engine insists on an adapter
// and connects at start. SQLite gets a real in-memory one; PostgreSQL gets a stub
// that answers the engine's start-up probe and nothing else.
async function adapterFor(provider) {
  const { bindMigrationAwareSqlAdapterFactory } = await import("@prisma/driver-adapter-utils");
  if (provider === "sqlite") {
    const { PrismaBetterSqlite3 } = await import("@prisma/adapter-better-sqlite3");
    return bindMigrationAwareSqlAdapterFactory(new PrismaBetterSqlite3({ url: ":memory:" }));
  }
  const offline = {
    provider: "postgres",
    adapterName: "association-monitor-offline",
    queryRaw: async () => ({
      columnNames: ["exists", "version", "numeric_version"],
      columnTypes: [5, 7, 0],
      rows: [[true, "PostgreSQL 15", 150000]],
    }),
    executeRaw: async () => 0,
    executeScript: async () => {},
    startTransaction: async () => {
      throw new Error("the offline adapter has no database");
    },
    dispose: async () => {},
    getConnectionInfo: () => ({ schemaName: "public", supportsRelationJoins: true }),
  };
  return bindMigrationAwareSqlAdapterFactory({
    provider: "postgres",
    adapterName: offline.adapterName,
    connect: async () => offline,
    connectToShadowDb: async () => offline,
  });
}

/** SQL that takes a database from schema `from` (null: empty) to schema `to`; "" when they agree. */
export async function diffSchemas(provider, from, to) {
  const bg = await loadBindings();
  const engine = await bg.SchemaEngine.new({ datamodels: [["schema.prisma", to]] }, () => {}, await adapterFor(provider));
  const target = (content) => ({ tag: "schemaDatamodel", files: [{ path: "schema.prisma", content }] });
  const result = await engine.diff({
    from: from === null ? { tag: "empty" } : target(from),
    to: target(to),
    script: true,
    exitCode: true,
    filters: { externalTables: [], externalEnums: [] },
  });
  // exitCode 2 means "there is a difference"; an empty diff still prints a comment.
  return result.exitCode === 2 ? (result.stdout ?? "") : "";
}
