// How far the derived state trails the event log: the projector's position, how
// many stored events it has not applied yet, and how long the oldest of them has
// waited. Reads trail the acknowledgement by this lag.
import { db } from "../db";
import { PROJECTOR } from "./projector";

export interface ProjectorStatus {
  position: number;
  head: number;
  behind: number;
  oldestUnprojectedAt: string | null;
  lagSeconds: number;
  owner: string | null;
  leaseUntil: string | null;
}

/** The saved position and the newest stored event id: the cheap "is it caught up?" check. */
export async function positionAndHead(): Promise<{ position: number; head: number }> {
  const prisma = await db();
  const [state, head] = await Promise.all([
    prisma.projectorState.findUnique({ where: { name: PROJECTOR }, select: { position: true } }),
    prisma.event.findFirst({ orderBy: { id: "desc" }, select: { id: true } }),
  ]);
  return { position: state?.position ?? 0, head: head?.id ?? 0 };
}

export async function projectorStatus(now = new Date()): Promise<ProjectorStatus> {
  const prisma = await db();
  const state = await prisma.projectorState.findUnique({ where: { name: PROJECTOR } });
  const position = state?.position ?? 0;
  // A primary-key range count: cheap while the lag is small, which is the usual case.
  const [head, oldest, behind] = await Promise.all([
    prisma.event.findFirst({ orderBy: { id: "desc" }, select: { id: true } }),
    prisma.event.findFirst({ where: { id: { gt: position } }, orderBy: { id: "asc" }, select: { receivedAt: true } }),
    prisma.event.count({ where: { id: { gt: position } } }),
  ]);
  return {
    position,
    head: head?.id ?? 0,
    behind,
    oldestUnprojectedAt: oldest?.receivedAt.toISOString() ?? null,
    lagSeconds: oldest ? Math.max(0, (now.getTime() - oldest.receivedAt.getTime()) / 1000) : 0,
    owner: state?.owner ?? null,
    leaseUntil: state?.leaseUntil?.toISOString() ?? null,
  };
}
