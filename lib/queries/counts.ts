// Row counts for a filtered list. Shown beside the table without blocking it
// (the page streams them in a Suspense boundary).
import { db } from "../db";
import type { AssociationFilters } from "../filters/associations";
import { associationListQuery } from "./associations";

export async function countAssociations(f: AssociationFilters): Promise<number> {
  const { resolve, where } = associationListQuery;
  return (await db()).association.count({ where: where(f, await resolve(f)) });
}
