// Projects a batch's association and relation events into the Association and
// Relation tables inside the ingest transaction: one read per table for every row
// the batch touches, the events folded in memory in arrival order with the pure
// projection (lib/projection.ts), then one write per changed row (one insert for
// all new rows). Runs in the projector's transaction (lib/queries/projector.ts),
// which is the only writer of these tables.
import type { AssociationPayload, RelationPayload } from "../domain/events";
import type { OrderKey } from "../projection";
import { cascadeAssociationDelete, projectAssociation, projectRelation, type AssociationState, type RelationState } from "../projection";
import type { Tx } from "./tx";

/** What projection needs of a logged association or relation event. */
export type Projectable = { eventTimestamp: Date | null; receivedAt: Date; rank: number; isDelete: boolean } & (
  | { kind: "association"; payload: AssociationPayload }
  | { kind: "relation"; payload: RelationPayload }
);

export interface StoredProjectable {
  ev: Projectable;
  eventId: number;
}

/** New rows per location, for the location aggregates. */
export type CreatedCounts = Map<string, { associations: number; relations: number }>;

const byKey = <T>(rows: T[], key: (row: T) => string) => new Map(rows.map((r) => [key(r), r]));

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
  const associations = byKey((await tx.association.findMany({ where: { id: { in: [...associationIds] } } })) as AssociationState[], (a) => a.id);
  const relations = byKey(
    relationIds.size ? ((await tx.relation.findMany({ where: { id: { in: [...relationIds] } } })) as RelationState[]) : [],
    (r) => r.id,
  );
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

  const sorted = (ids: Set<string>) => [...ids].sort();
  const newAssociations = sorted(changedAssociations).filter((id) => !storedAssociations.has(id));
  if (newAssociations.length) await tx.association.createMany({ data: newAssociations.map((id) => associations.get(id) as AssociationState) });
  for (const id of sorted(changedAssociations)) {
    if (storedAssociations.has(id)) await tx.association.update({ where: { id }, data: associations.get(id) as AssociationState });
  }
  const newRelations = sorted(changedRelations).filter((id) => !storedRelations.has(id));
  if (newRelations.length) await tx.relation.createMany({ data: newRelations.map((id) => relations.get(id) as RelationState) });
  for (const id of sorted(changedRelations)) {
    if (storedRelations.has(id)) await tx.relation.update({ where: { id }, data: relations.get(id) as RelationState });
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
