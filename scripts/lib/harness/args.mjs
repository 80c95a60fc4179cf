// @ts-check
// Command-line flags: `--name value`, `--name=value`, and a bare `--name` (true) when
// no value follows it.

/**
 * @param {string[]} [argv]
 * @param {{ known?: string[], usage?: string }} [options] known: refuse any other flag; usage: said with a refusal
 * @returns {Record<string, string | true>}
 */
export function parseFlags(argv = process.argv.slice(2), { known, usage } = {}) {
  const hint = usage ? ` (${usage})` : "";
  /** @type {Record<string, string | true>} */
  const flags = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = /** @type {string} */ (argv[i]);
    if (!arg.startsWith("--")) throw new Error(`Unexpected argument ${arg}${hint}`);
    const eq = arg.indexOf("=");
    const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    if (known && !known.includes(name)) throw new Error(`unknown option --${name}${hint}`);
    const following = argv[i + 1];
    if (eq > 0) flags[name] = arg.slice(eq + 1);
    else if (following !== undefined && !following.startsWith("--")) flags[name] = argv[++i] ?? "";
    else flags[name] = true;
  }
  return flags;
}
