// The records of one location that relations link: a fixed pool per object key,
// so the same contact or property turns up in several relations, as in real data.
import { alphanumericId, objectId, type Rng } from "./random";

// Standard objects have 20-character ids; custom object records have ObjectIds.
const standardObjects = new Set(["contact", "company", "opportunity"]);

export class RecordPool {
  private readonly ids = new Map<string, string[]>();

  constructor(private readonly rng: Rng) {}

  /** A record id of this object type (contacts are the most numerous). */
  pick(objectKey: string): string {
    let list = this.ids.get(objectKey);
    if (!list) {
      const size = objectKey === "contact" ? 40 : objectKey === "company" ? 12 : 20;
      const make = standardObjects.has(objectKey) ? alphanumericId : objectId;
      list = Array.from({ length: size }, () => make(this.rng));
      this.ids.set(objectKey, list);
    }
    return this.rng.pick(list);
  }
}
