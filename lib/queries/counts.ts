// Row counts for a filtered list. Shown beside the table without blocking it
// (the page streams them in a Suspense boundary).
import { db } from "../db";
import type { AssociationFilters } from "../filters/associations";
import { associationWhere } from "./associations";
import { locationFilterIds } from "./location-profiles";

export async function countAssociations(f: AssociationFilters): Promise<number> {
  return (await db()).association.count({ where: associationWhere(f, await locationFilterIds(f.locationId)) });
}

