// Database helpers for integration tests: empty every table between tests.
import { db } from "@/lib/db";

export async function clearDatabase(): Promise<void> {
  const prisma = await db();
  await prisma.$transaction([
    prisma.event.deleteMany(),
    prisma.association.deleteMany(),
    prisma.relation.deleteMany(),
    prisma.location.deleteMany(),
    prisma.rejectedRequest.deleteMany(),
    prisma.counter.deleteMany(),
    prisma.eventDay.deleteMany(),
  ]);
}
