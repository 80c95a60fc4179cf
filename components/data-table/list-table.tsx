"use client";
// A server-paged list: the table, its empty states and its pager, shared by the
// associations and events pages.
import type { ColumnDef } from "@tanstack/react-table";
import { EmptyState, GettingStarted } from "../states";
import { DataTable } from "./data-table";
import { Pager } from "./pager";

export interface ListTableProps<T> {
  columns: ColumnDef<T>[];
  rows: T[];
  nextCursor: string | null;
  prevCursor: string | null;
  /** Whether filters are applied: decides which empty state to show. */
  filtered: boolean;
  caption: string;
  /** What the rows are, for the empty states ("associations", "events"). */
  noun: string;
  getRowId: (row: T) => string;
  sortable?: readonly string[];
  defaultSort?: string;
}

export function ListTable<T>({ columns, rows, nextCursor, prevCursor, filtered, caption, noun, getRowId, sortable, defaultSort }: ListTableProps<T>) {
  return (
    <div className="space-y-3">
      <DataTable
        columns={columns}
        data={rows}
        caption={caption}
        sortable={sortable}
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
