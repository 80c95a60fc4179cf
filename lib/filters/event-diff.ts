// Query parameters of the events diff (page and API): a and b, two event ids.
// A is shown as the old side, B as the new one.
import { z } from "zod";
import { cursorId } from "./common";

const eventId = z
  .string({ error: "is required: an event id" })
  .trim()
  .transform((v, ctx) => {
    const n = /^\d{1,10}$/.test(v) ? Number(v) : Number.NaN;
    if (!cursorId.safeParse(n).success) {
      ctx.addIssue({ code: "custom", message: "must be an event id (a positive whole number)" });
      return z.NEVER;
    }
    return n;
  });

export const eventDiffSchema = z.object({ a: eventId, b: eventId });
