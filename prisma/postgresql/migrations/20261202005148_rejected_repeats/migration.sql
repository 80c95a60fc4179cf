-- AlterTable
ALTER TABLE "RejectedRequest" ADD COLUMN     "repeats" INTEGER NOT NULL DEFAULT 0;
