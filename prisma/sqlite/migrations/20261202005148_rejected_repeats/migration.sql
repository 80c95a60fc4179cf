-- AlterTable (hand-written: Prisma's diff rebuilds the table; a column with a
-- constant default can simply be added)
ALTER TABLE "RejectedRequest" ADD COLUMN "repeats" INTEGER NOT NULL DEFAULT 0;
