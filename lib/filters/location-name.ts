// What an operator may call a location. The name is shown in every table, link and
// CSV, so it is kept to one short line of visible text: trimmed, at most
// LOCATION_NAME_MAX characters, no control characters (line breaks would break
// table rows and CSV cells) and no bidirectional overrides (they can make a name
// display as a different text). Blank or null clears the operator's name, so the
// API's name (if any) shows again.
import { z } from "zod";

export const LOCATION_NAME_MAX = 120;

// \p{Cc}: C0/C1 controls incl. tab, newline, NUL. The second class: bidi embeddings,
// overrides and isolates.
const forbidden = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u;

const locationNameSchema = z
  .union([z.string(), z.null()], { error: "must be a string, or null to clear the name" })
  .transform((v) => (v === null ? null : v.trim()))
  .superRefine((v, ctx) => {
    if (v === null || v === "") return;
    if (forbidden.test(v)) ctx.addIssue({ code: "custom", message: "must not contain control characters (line breaks, tabs) or text-direction overrides" });
    if ([...v].length > LOCATION_NAME_MAX) ctx.addIssue({ code: "custom", message: `must be at most ${LOCATION_NAME_MAX} characters` });
  })
  .transform((v) => (v ? v : null));

/** The body of PUT /api/locations/{locationId}/name. */
export const locationNameBodySchema = z.strictObject(
  { name: locationNameSchema },
  // Only a non-object gets this message; zod's own names unknown keys.
  { error: (issue) => (issue.code === "invalid_type" ? 'must be a JSON object {"name": "…"}' : undefined) },
);

/** A location id from a URL: HighLevel's are 20 characters; anything stored is at most 200 and holds no control characters. */
export function isLocationId(id: string): boolean {
  return id.length > 0 && id.length <= 200 && id.trim() === id && !/\p{Cc}/u.test(id);
}
