// @ts-check
// The repository's root, for the scripts: they run from anywhere (npm, CI, by hand).
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
