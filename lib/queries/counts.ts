// Row counts for a filtered list. Shown beside the table without blocking it
// (the page streams them in a Suspense boundary).
import { db } from "../db";
import type { AssociationFilters } from "../filters/associations";
import type { EventFilters } from "../filters/events";
import { associationWhere } from "./associations";
import { eventWhere } from "./events";

export async function countAssociations(f: AssociationFilters): Promise<number> {
  return (await db()).association.count({ where: associationWhere(f) });
}

export async function countEvents(f: EventFilters): Promise<number> {
  return (await db()).event.count({ where: eventWhere(f) });
}
