// Projects one association event into the Association table (and cascades a
// delete to the association's relations), inside the ingest transaction.
import type { AssociationPayload } from "../highlevel/events";
import { projectAssociation, type AssociationState, type ProjectedEvent } from "../projection";
import { lockSubject, type Tx } from "./tx";

/** Returns true when the event created the association's row. */
export async function projectAssociationEvent(tx: Tx, ev: ProjectedEvent<AssociationPayload>): Promise<boolean> {
  const id = ev.payload.id;
  await lockSubject(tx, id);
  const current = (await tx.association.findUnique({ where: { id } })) as AssociationState | null;
  const next = projectAssociation(current, ev);
  if (current) await tx.association.update({ where: { id }, data: next });
  else await tx.association.create({ data: next });

  if (next.status === "deleted" && next.deletedAt) {
    // HighLevel deletes an association's relations with it. The earliest delete
    // time wins, so relations that were deleted later on their own are moved back.
    await tx.relation.updateMany({
      where: { associationId: id, OR: [{ status: "active" }, { deletedAt: { gt: next.deletedAt } }] },
      data: { status: "deleted", deletedAt: next.deletedAt },
    });
  }
  return current === null;
}
