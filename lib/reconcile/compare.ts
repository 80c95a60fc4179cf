// What HighLevel's rows say that our projected rows do not: pure functions, the run
// (./run.ts) fetches and stores.
//
// Decisions:
// - "Deleted here, present in HighLevel" is reported as `present_after_delete` and is
//   never applied. The projection makes Delete final (a deleted row never becomes
//   active again), so no synthetic event could revive it, and HighLevel ids are never
//   reused, so the cause is a Delete HighLevel sent and then did not carry out, or a
//   list that lags. The operator should know; the log should not be rewritten.
// - `changed` compares only fields HighLevel's row carries, and only where ours has a
//   value: a Create webhook never carries cardinalities, so "we have none yet" is no
//   sign of a missed delivery.
// - `missed_delete` needs HighLevel's complete list: when a page could not be read, or
//   a row had no id, absence proves nothing and none is reported.
import type { ApiAssociationField, ApiRelationField, ApiRow } from "../highlevel/api-parse";
import type { FindingInput } from "../queries/reconcile-runs";
import type { OurAssociation, OurRelation } from "../queries/reconcile-source";

export const comparedAssociationFields = [
  "key",
  "firstObjectLabel",
  "secondObjectLabel",
  "firstObjectToSecondObjectCardinality",
  "secondObjectToFirstObjectCardinality",
] as const;

/** Our row as evidence: HighLevel's field names plus what the projection knows. */
function associationEvidence(a: OurAssociation): Record<string, unknown> {
  return { ...a, lastEventAt: a.lastEventAt.toISOString(), deletedAt: a.deletedAt?.toISOString() ?? null };
}

function relationEvidence(r: OurRelation): Record<string, unknown> {
  return { ...r, lastEventAt: r.lastEventAt.toISOString(), deletedAt: r.deletedAt?.toISOString() ?? null };
}

export function compareAssociations(
  ours: OurAssociation[],
  theirs: ApiRow<ApiAssociationField>[],
  options: { complete: boolean; locationLastHeard: Date | null },
): FindingInput[] {
  const findings: FindingInput[] = [];
  const byId = new Map(ours.map((a) => [a.id, a]));
  const seen = new Set<string>();
  for (const row of theirs) {
    if (seen.has(row.id)) continue;
    seen.add(row.id);
    const our = byId.get(row.id);
    if (!our) {
      findings.push({
        kind: "missed_create",
        associationId: row.id,
        relationId: null,
        fields: null,
        ours: null,
        theirs: row.raw,
        lastHeardAt: options.locationLastHeard,
      });
      continue;
    }
    const evidence = { associationId: row.id, relationId: null, ours: associationEvidence(our), theirs: row.raw, lastHeardAt: our.lastEventAt };
    if (our.status === "deleted") {
      findings.push({ kind: "present_after_delete", fields: null, ...evidence });
      continue;
    }
    const fields = comparedAssociationFields.filter((f) => {
      const their = row.fields[f];
      const mine = our[f];
      return their !== undefined && mine !== null && their !== mine;
    });
    if (fields.length > 0) findings.push({ kind: "changed", fields: [...fields], ...evidence });
  }
  if (options.complete) {
    for (const our of ours) {
      if (our.status !== "active" || seen.has(our.id)) continue;
      findings.push({
        kind: "missed_delete",
        associationId: our.id,
        relationId: null,
        fields: null,
        ours: associationEvidence(our),
        theirs: null,
        lastHeardAt: our.lastEventAt,
      });
    }
  }
  return findings;
}

/**
 * One record's relations: ours (either side is the record) against HighLevel's.
 * `reported` holds relation ids already reported by an earlier record of the run
 * (a relation links two records), so each is reported once.
 */
export function compareRelations(
  ours: OurRelation[],
  theirs: ApiRow<ApiRelationField>[],
  options: { complete: boolean; locationId: string; locationLastHeard: Date | null; reported: Set<string> },
): FindingInput[] {
  const findings: FindingInput[] = [];
  const byId = new Map(ours.map((r) => [r.id, r]));
  const seen = new Set<string>();
  for (const row of theirs) {
    // A row that says it is another location's is not this comparison's business.
    if (row.fields.locationId !== undefined && row.fields.locationId !== options.locationId) continue;
    seen.add(row.id);
    if (options.reported.has(row.id)) continue;
    const our = byId.get(row.id);
    if (our?.status === "active") continue;
    options.reported.add(row.id);
    findings.push(
      our
        ? {
            kind: "present_after_delete",
            associationId: our.associationId,
            relationId: row.id,
            fields: null,
            ours: relationEvidence(our),
            theirs: row.raw,
            lastHeardAt: our.lastEventAt,
          }
        : {
            kind: "missed_relation_create",
            associationId: row.fields.associationId ?? null,
            relationId: row.id,
            fields: null,
            ours: null,
            theirs: row.raw,
            lastHeardAt: options.locationLastHeard,
          },
    );
  }
  if (options.complete) {
    for (const our of ours) {
      if (our.status !== "active" || seen.has(our.id) || options.reported.has(our.id)) continue;
      options.reported.add(our.id);
      findings.push({
        kind: "missed_relation_delete",
        associationId: our.associationId,
        relationId: our.id,
        fields: null,
        ours: relationEvidence(our),
        theirs: null,
        lastHeardAt: our.lastEventAt,
      });
    }
  }
  return findings;
}
