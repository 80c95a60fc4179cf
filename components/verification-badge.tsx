// How an event was verified. A reconciled event is not a HighLevel delivery at all:
// it was appended here when an operator applied a reconciliation finding, so it
// says so in words (and violet), never as a signature kind.
import { Badge, verificationTone } from "./ui/badge";

export function VerificationBadge({
  verification,
  signedForm = null,
  reconcileRunId,
}: {
  verification: string;
  signedForm?: string | null;
  reconcileRunId?: number | null;
}) {
  if (verification === "reconciled") {
    return (
      <Badge tone="violet" title="Not a HighLevel delivery: appended by this app when a reconciliation finding was applied">
        Reconciled ({reconcileRunId ? `applied from reconciliation run #${reconcileRunId}` : "applied from a reconciliation run"})
      </Badge>
    );
  }
  return (
    <Badge tone={verificationTone(verification)}>
      {verification}
      {signedForm === "json" ? " (re-serialized JSON form)" : ""}
    </Badge>
  );
}
