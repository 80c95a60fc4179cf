// The associations list's spec, imported from the app's own definition
// (lib/filters/associations.ts), so a new sort key is measured too and nullable keys
// are ordered in the plans as the app orders them.
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { tsImport } from "tsx/esm/api";
import { root } from "../../lib/root.mjs";

export async function associationList() {
  const mod = await tsImport(pathToFileURL(join(root, "lib/filters/associations.ts")).href, import.meta.url);
  return mod.associationList;
}
