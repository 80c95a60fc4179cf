// Projects a batch's association and relation events into the Association and
// Relation tables inside the ingest transaction: one read per table for every row
// the batch touches, the events folded in memory in arrival order with the pure
// projection (lib/projection.ts), then one write per changed row (one insert for
// all new rows). Runs in the projector's transaction (lib/queries/projector.ts),
// which is the only writer of these tables.
import { associationStatuses, oneOf, type AssociationStatus } from "../domain/values";
import type { OrderKey, Projectable } from "../projection";
import { cascadeAssociationDelete, projectAssociation, projectRelation, type AssociationState, type RelationState } from "../projection";
import type { Tx } from "./tx";

export interface StoredProjectable {
  ev: Projectable;
  eventId: number;
}

/** New rows per location, for the location aggregates. */
export type CreatedCounts = Map<string, { associations: number; relations: number }>;

const byId = <T extends { id: string }>(rows: T[]) => new Map(rows.map((r) => [r.id, r]));

/** A stored association or relation row with its status checked against the closed set (it is text in the table). */
function withStatus<R extends { status: string }>(row: R, table: string): Omit<R, "status"> & { status: AssociationStatus } {
  return { ...row, status: oneOf(associationStatuses, row.status, `${table}.status`) };
}

/** The rows of `ids`, in id order: the rows are written in a fixed order whatever order the events came in. */
function rowsOf<T extends { id: string }>(rows: Map<string, T>, ids: Set<string>): T[] {
  return [...rows.values()].filter((r) => ids.has(r.id)).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export async function projectBatch(tx: Tx, items: StoredProjectable[]): Promise<CreatedCounts> {
  const created: CreatedCounts = new Map();
  if (items.length === 0) return created;
  const associationIds = new Set<string>();
  const relationIds = new Set<string>();
  for (const { ev } of items) {
    if (ev.kind === "association") associationIds.add(ev.payload.id);
    else {
      associationIds.add(ev.payload.associationId);
      relationIds.add(ev.payload.id);
    }
  }
  const storedAssociationRows = await tx.association.findMany({ where: { id: { in: [...associationIds] } } });
  const storedRelationRows = relationIds.size ? await tx.relation.findMany({ where: { id: { in: [...relationIds] } } }) : [];
  const associations: Map<string, AssociationState> = byId(storedAssociationRows.map((a) => withStatus(a, "Association")));
  const relations: Map<string, RelationState> = byId(storedRelationRows.map((r) => withStatus(r, "Relation")));
  const storedAssociations = new Set(associations.keys());
  const storedRelations = new Set(relations.keys());
  const changedAssociations = new Set<string>();
  const changedRelations = new Set<string>();
  const cascades = new Map<string, Date>();
  const count = (locationId: string, kind: "associations" | "relations") => {
    const c = created.get(locationId) ?? { associations: 0, relations: 0 };
    c[kind] += 1;
    created.set(locationId, c);
  };

  for (const { ev, eventId } of items) {
    const order: OrderKey = { at: ev.eventTimestamp ?? ev.receivedAt, rank: ev.rank, eventId };
    const projected = { isDelete: ev.isDelete, order, receivedAt: ev.receivedAt };
    if (ev.kind === "association") {
      const current = associations.get(ev.payload.id) ?? null;
      const next = projectAssociation(current, { ...projected, payload: ev.payload });
      if (!current) count(next.locationId, "associations");
      associations.set(next.id, next);
      changedAssociations.add(next.id);
      if (next.status === "deleted" && next.deletedAt) {
        cascades.set(next.id, next.deletedAt);
        // Relations of this association already in memory follow now; the others by the update below.
        for (const r of relations.values()) {
          if (r.associationId !== next.id) continue;
          relations.set(r.id, cascadeAssociationDelete(r, next.deletedAt));
          changedRelations.add(r.id);
        }
      }
    } else {
      const current = relations.get(ev.payload.id) ?? null;
      let next = projectRelation(current, { ...projected, payload: ev.payload });
      const association = associations.get(ev.payload.associationId);
      if (association?.status === "deleted" && association.deletedAt) next = cascadeAssociationDelete(next, association.deletedAt);
      if (!current) count(next.locationId, "relations");
      relations.set(next.id, next);
      changedRelations.add(next.id);
    }
  }

  const associationRows = rowsOf(associations, changedAssociations);
  const newAssociations = associationRows.filter((a) => !storedAssociations.has(a.id));
  if (newAssociations.length) await tx.association.createMany({ data: newAssociations });
  for (const a of associationRows) {
    if (storedAssociations.has(a.id)) await tx.association.update({ where: { id: a.id }, data: a });
  }
  const relationRows = rowsOf(relations, changedRelations);
  const newRelations = relationRows.filter((r) => !storedRelations.has(r.id));
  if (newRelations.length) await tx.relation.createMany({ data: newRelations });
  for (const r of relationRows) {
    if (storedRelations.has(r.id)) await tx.relation.update({ where: { id: r.id }, data: r });
  }
  // HighLevel deletes an association's relations with it; the earliest delete time
  // wins, so relations deleted later on their own are moved back to it.
  for (const [associationId, deletedAt] of [...cascades].sort(([a], [b]) => (a < b ? -1 : 1))) {
    await tx.relation.updateMany({
      where: { associationId, OR: [{ status: "active" }, { deletedAt: { gt: deletedAt } }] },
      data: { status: "deleted", deletedAt },
    });
  }
  return created;
}
