// Reads stored state through the query layer (lib/queries), with the filters
// parsed by the same schemas the API uses, so tests see what users see.
import { eventFiltersSchema } from "@/lib/filters/events";
import { locationFiltersSchema } from "@/lib/filters/locations";
import { rejectedFiltersSchema } from "@/lib/filters/rejected";
import { relationFiltersSchema } from "@/lib/filters/relations";
import { listEvents } from "@/lib/queries/events";
import { listLocations } from "@/lib/queries/locations";
import { listRejected } from "@/lib/queries/rejected";
import { listRelations } from "@/lib/queries/relations";

export async function events(query: Record<string, string> = {}) {
  return (await listEvents(eventFiltersSchema.parse({ limit: "500", ...query }))).data;
}

export async function relations(query: Record<string, string> = {}) {
  return (await listRelations(relationFiltersSchema.parse({ limit: "500", ...query }))).data;
}

export async function locations() {
  return (await listLocations(locationFiltersSchema.parse({ limit: "1000" }))).data;
}

export async function rejected(query: Record<string, string> = {}) {
  return (await listRejected(rejectedFiltersSchema.parse({ limit: "500", ...query }))).data;
}

/** A body's fields with the HighLevel envelope (`type`, …) added, as compact JSON. */
export function withFields(body: string, fields: Record<string, unknown>): string {
  return JSON.stringify({ ...(JSON.parse(body) as Record<string, unknown>), ...fields });
}

/** The one element of a list, failing the test when there is not exactly one. */
export function only<T>(rows: T[]): T {
  const [row] = rows;
  if (rows.length !== 1 || row === undefined) throw new Error(`expected exactly one row, got ${rows.length}`);
  return row;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
