// Projects one relation event into the Relation table, inside the ingest
// transaction. A relation under a deleted association is deleted too, whichever
// of the two events arrived first.
import type { RelationPayload } from "../highlevel/events";
import { cascadeAssociationDelete, projectRelation, type ProjectedEvent, type RelationState } from "../projection";
import { lockSubject, type Tx } from "./tx";

/** Returns true when the event created the relation's row. */
export async function projectRelationEvent(tx: Tx, ev: ProjectedEvent<RelationPayload>): Promise<boolean> {
  const { id, associationId } = ev.payload;
  // Association first, then relation: the same order as an association delete's
  // cascade, so the two can never deadlock.
  await lockSubject(tx, associationId);
  await lockSubject(tx, id);
  const association = await tx.association.findUnique({
    where: { id: associationId },
    select: { status: true, deletedAt: true },
  });
  const current = (await tx.relation.findUnique({ where: { id } })) as RelationState | null;
  let next = projectRelation(current, ev);
  if (association?.status === "deleted" && association.deletedAt) {
    next = cascadeAssociationDelete(next, association.deletedAt);
  }
  if (current) await tx.relation.update({ where: { id }, data: next });
  else await tx.relation.create({ data: next });
  return current === null;
}
