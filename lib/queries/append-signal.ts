// "Events were appended": the ingest queue tells the projector after each commit,
// so projection starts at once instead of at the next poll. Listeners run after the
// acks are sent; a failing listener cannot affect them.
type Listener = () => void;
const listeners = new Set<Listener>();

export function onAppend(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function notifyAppend(): void {
  for (const listener of listeners) {
    try {
      listener();
    } catch {
      // the projector's own loop logs its failures
    }
  }
}
