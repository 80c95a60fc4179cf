// Query parameters that ask for an association's state in the past, shared by the
// JSON API and the association page:
//   at=<ISO 8601>         the state at that time (a bare date means the end of that day, UTC,
//                         like `to` in the lists; a date-time without a zone is UTC)
//   basis=event|received  which time `at` cuts by (default event; see lib/state-at.ts)
//   afterEvent=<event id> the state right after that event in projection order
// Neither `at` nor `afterEvent`: the current state (the projected row).
import { z } from "zod";
import { stateBases } from "../domain/values";
import type { StateAtRequest } from "../state-at";
import { cursorId, optionalDate } from "./common";

const eventIdParam = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx) => {
    if (!v) return undefined;
    const n = /^\d{1,10}$/.test(v) ? Number(v) : Number.NaN;
    if (!cursorId.safeParse(n).success) {
      ctx.addIssue({ code: "custom", message: "must be an event id (a positive whole number)" });
      return z.NEVER;
    }
    return n;
  });

export const stateAtSchema = z
  .object({
    at: optionalDate("end"),
    basis: z
      .string()
      .trim()
      .optional()
      .transform((v, ctx) => {
        if (!v) return "event" as const;
        const basis = stateBases.find((b) => b === v);
        if (!basis) {
          ctx.addIssue({ code: "custom", message: `must be one of ${stateBases.join(", ")}` });
          return z.NEVER;
        }
        return basis;
      }),
    afterEvent: eventIdParam,
  })
  .refine((v) => v.at === undefined || v.afterEvent === undefined, { message: "give at or afterEvent, not both", path: ["afterEvent"] });

export type StateAtParams = z.infer<typeof stateAtSchema>;

/** The replay asked for, or null for the current state. */
export function stateAtRequest(p: StateAtParams): StateAtRequest | null {
  if (p.afterEvent !== undefined) return { afterEvent: p.afterEvent };
  if (p.at) return { at: p.at, basis: p.basis };
  return null;
}
