-- AlterTable
ALTER TABLE "Event" ADD COLUMN "receivedSha256" TEXT;
ALTER TABLE "Event" ADD COLUMN "receivedSize" INTEGER;

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "createdAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "revokedAt" DATETIME,
    "passwordTag" TEXT NOT NULL
);

-- CreateIndex
CREATE INDEX "Session_expiresAt_idx" ON "Session"("expiresAt");

-- Hand-written: stored signatures were full header values, enough to re-post a signed
-- body to another per-event URL. Keep only a recognisable shortening, as the receiver
-- now stores (lib/highlevel/signature.ts, shortenSignature).
UPDATE "Event" SET "headers" = json_set("headers", '$."x-ghl-signature"',
    substr(json_extract("headers", '$."x-ghl-signature"'), 1, 8) || '…' || substr(json_extract("headers", '$."x-ghl-signature"'), -4)
    || ' (' || length(json_extract("headers", '$."x-ghl-signature"')) || ' chars)')
WHERE json_valid("headers") AND length(json_extract("headers", '$."x-ghl-signature"')) > 16
  AND instr(json_extract("headers", '$."x-ghl-signature"'), '…') = 0;

-- Hand-written: stored signatures were full header values, enough to re-post a signed
-- body to another per-event URL. Keep only a recognisable shortening, as the receiver
-- now stores (lib/highlevel/signature.ts, shortenSignature).
UPDATE "Event" SET "headers" = json_set("headers", '$."x-wh-signature"',
    substr(json_extract("headers", '$."x-wh-signature"'), 1, 8) || '…' || substr(json_extract("headers", '$."x-wh-signature"'), -4)
    || ' (' || length(json_extract("headers", '$."x-wh-signature"')) || ' chars)')
WHERE json_valid("headers") AND length(json_extract("headers", '$."x-wh-signature"')) > 16
  AND instr(json_extract("headers", '$."x-wh-signature"'), '…') = 0;
