// Shared by the scripts that run Prisma's CLI: where it is and the environment
// that keeps it from trying to download a native schema engine.
import { join } from "node:path";
import { root } from "./lib/root.mjs";

export const providers = ["sqlite", "postgresql"];
export const prismaCli = join(root, "node_modules/prisma/build/index.js");
export const schemaEngineShim = join(root, "scripts/schema-engine/bin.sh");

export function prismaEnv(extra = {}) {
  return {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: schemaEngineShim,
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    CHECKPOINT_DISABLE: "1",
    ...extra,
  };
}
