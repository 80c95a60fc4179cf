// One side of a relation: object key and record id, with a link to the record in
// HighLevel when its object type has a known address there (contacts only; other
// types get no guessed link). Server component: the link's base is server config.
import { OpenInHighLevel } from "@/components/open-in-highlevel";
import { recordUrl } from "@/lib/highlevel/links";

export function RecordCell({ objectKey, recordId, locationId }: { objectKey: string; recordId: string; locationId: string }) {
  const href = recordUrl(objectKey, locationId, recordId);
  return (
    <span className="inline-flex flex-wrap items-baseline gap-x-2">
      <span className="font-mono text-xs">
        {objectKey}: {recordId}
      </span>
      {href && <OpenInHighLevel href={href} className="text-xs" />}
    </span>
  );
}
