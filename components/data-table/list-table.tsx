"use client";
// A server-paged list: the table, its empty states and its pager, shared by the
// associations and events pages.
import type { ListSpec } from "@/lib/filters/list";
import { EmptyState, GettingStarted } from "../states";
import { DataTable, type ListColumn } from "./data-table";
import { Pager } from "./pager";

export interface ListTableProps<T> {
  columns: ListColumn<T, string>[];
  /** The list's spec: its default order is what an unsorted URL shows. */
  list: ListSpec;
  rows: T[];
  nextCursor: string | null;
  prevCursor: string | null;
  /** Whether filters are applied: decides which empty state to show. */
  filtered: boolean;
  caption: string;
  /** What the rows are, for the empty states ("associations", "events"). */
  noun: string;
  getRowId: (row: T) => string;
}

export function ListTable<T>({ columns, list, rows, nextCursor, prevCursor, filtered, caption, noun, getRowId }: ListTableProps<T>) {
  const defaultSort = `${list.defaultSort.desc ? "-" : ""}${list.defaultSort.key}`;
  return (
    <div className="space-y-3">
      <DataTable
        columns={columns}
        data={rows}
        caption={caption}
        defaultSort={defaultSort}
        getRowId={getRowId}
        empty={
          filtered ? (
            <EmptyState title={`No ${noun} match these filters`}>Change or clear the filters above.</EmptyState>
          ) : (
            <EmptyState title={`No ${noun} yet`}>
              <GettingStarted />
            </EmptyState>
          )
        }
      />
      <Pager nextCursor={nextCursor} prevCursor={prevCursor} shown={rows.length} />
    </div>
  );
}
