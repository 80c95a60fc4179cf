-- AlterTable
ALTER TABLE "Event" ADD COLUMN     "receivedSha256" TEXT,
ADD COLUMN     "receivedSize" INTEGER;

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "revokedAt" TIMESTAMP(3),
    "passwordTag" TEXT NOT NULL,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Session_expiresAt_idx" ON "Session"("expiresAt");

-- Hand-written: stored signatures were full header values, enough to re-post a signed
-- body to another per-event URL. Keep only a recognisable shortening, as the receiver
-- now stores (lib/highlevel/signature.ts, shortenSignature).
UPDATE "Event" SET "headers" = jsonb_set("headers"::jsonb, '{x-ghl-signature}', to_jsonb(
    left("headers"::jsonb->>'x-ghl-signature', 8) || '…' || right("headers"::jsonb->>'x-ghl-signature', 4)
    || ' (' || length("headers"::jsonb->>'x-ghl-signature') || ' chars)'))::text
WHERE length("headers"::jsonb->>'x-ghl-signature') > 16 AND strpos("headers"::jsonb->>'x-ghl-signature', '…') = 0;

-- Hand-written: stored signatures were full header values, enough to re-post a signed
-- body to another per-event URL. Keep only a recognisable shortening, as the receiver
-- now stores (lib/highlevel/signature.ts, shortenSignature).
UPDATE "Event" SET "headers" = jsonb_set("headers"::jsonb, '{x-wh-signature}', to_jsonb(
    left("headers"::jsonb->>'x-wh-signature', 8) || '…' || right("headers"::jsonb->>'x-wh-signature', 4)
    || ' (' || length("headers"::jsonb->>'x-wh-signature') || ' chars)'))::text
WHERE length("headers"::jsonb->>'x-wh-signature') > 16 AND strpos("headers"::jsonb->>'x-wh-signature', '…') = 0;
