// Where to go after signing in: a path on this site, never another origin. `next`
// comes from the query string, so it is judged the way a browser will read the
// Location header: the WHATWG URL parser drops tabs and newlines ("/\t/evil" is
// "//evil"), treats "\" like "/" and normalises dot segments ("/.//evil" becomes
// "//evil", protocol-relative). So: no control characters or backslashes at all,
// resolve against a fixed origin, require that origin, and refuse a result that a
// browser would read as protocol-relative.
const base = "http://association-monitor.invalid";
const maxLength = 2048;

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this rejects
const unsafeCharacters = /[\u0000-\u001f\u007f\\]/;

export function safeNextPath(next: string | null | undefined): string {
  if (!next || next.length > maxLength || !next.startsWith("/") || unsafeCharacters.test(next)) return "/";
  let url: URL;
  try {
    url = new URL(next, base);
  } catch {
    return "/";
  }
  if (url.origin !== base) return "/";
  const path = `${url.pathname}${url.search}${url.hash}`;
  return path.startsWith("//") ? "/" : path;
}
