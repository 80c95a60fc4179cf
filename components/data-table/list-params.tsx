"use client";
// The URL is the state of every list: filters, sort, page size and cursor live in
// the query string (nuqs), so a reload or a shared link shows the same view.
// Changes re-render the server page (shallow: false) inside a transition, whose
// pending flag dims the table while the new rows load.
import { parseAsString, useQueryStates } from "nuqs";
import { createContext, useContext, useTransition, type ReactNode, type TransitionStartFunction } from "react";

const listParsers = {
  locationId: parseAsString,
  associationType: parseAsString,
  status: parseAsString,
  objectKey: parseAsString,
  q: parseAsString,
  range: parseAsString,
  from: parseAsString,
  to: parseAsString,
  type: parseAsString,
  kind: parseAsString,
  subjectId: parseAsString,
  associationId: parseAsString,
  verification: parseAsString,
  cause: parseAsString,
  recordId: parseAsString,
  state: parseAsString,
  silent: parseAsString,
  sort: parseAsString,
  limit: parseAsString,
  cursor: parseAsString,
  before: parseAsString,
};

export type ListParam = keyof typeof listParsers;
const isListParam = (name: string): name is ListParam => Object.hasOwn(listParsers, name);

const Pending = createContext<{ isPending: boolean; startTransition: TransitionStartFunction } | null>(null);

export function ListStateProvider({ children }: { children: ReactNode }) {
  const [isPending, startTransition] = useTransition();
  return <Pending value={{ isPending, startTransition }}>{children}</Pending>;
}

export function useListParams() {
  const pending = useContext(Pending);
  const [params, setParams] = useQueryStates(listParsers, {
    shallow: false,
    history: "push",
    scroll: false,
    startTransition: pending?.startTransition,
  });
  /** Sets filters and goes back to the first page, as any filter or sort change must. */
  const setFilters = (updates: Partial<Record<ListParam, string | null>>) => setParams({ ...normalise(updates), cursor: null, before: null });
  return { params, setParams, setFilters, isPending: pending?.isPending ?? false };
}

function normalise(updates: Partial<Record<ListParam, string | null>>) {
  const out: Partial<Record<ListParam, string | null>> = {};
  for (const k of Object.keys(listParsers)) {
    if (!isListParam(k) || !Object.hasOwn(updates, k)) continue;
    const v = updates[k];
    out[k] = v?.trim() ? v.trim() : null;
  }
  return out;
}
