// Kept only for scripts/test.mjs, which still imports `root` from here: the
// migrations moved to lib/migrate/, the root to ./root.mjs. Remove once it imports ./root.mjs.
export { root } from "./root.mjs";
