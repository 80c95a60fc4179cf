"use client";
// A server-driven table: TanStack Table in manual mode renders the rows the server
// sent; sorting is a URL change that the server answers. Sortable headers are
// buttons with aria-sort, so the table is usable from the keyboard.
import { flexRender, getCoreRowModel, useReactTable, type Column, type ColumnDef, type SortingState } from "@tanstack/react-table";
import type { ReactNode } from "react";
import { cn } from "../ui/cn";
import { useListParams } from "./list-params";

/**
 * A column of a server-sorted table (shadcn's columns.tsx style): the column says
 * whether it sorts, and only a column whose id is one of the list's sort keys can
 * (a typo in a sortable id is a type error, not a silently unsortable column).
 */
export type ListColumn<T, K extends string = never> = ColumnDef<T> & ({ id: K; enableSorting: true } | { id: string; enableSorting?: false });

export interface DataTableProps<T> {
  columns: ListColumn<T, string>[];
  data: T[];
  caption: string;
  /** `sort` as the URL writes it when the URL has none (the list's default order). */
  defaultSort?: string;
  getRowId: (row: T) => string;
  empty: ReactNode;
}

function parseSort(sort: string | null | undefined): SortingState {
  if (!sort) return [];
  return [{ id: sort.replace(/^-/, ""), desc: sort.startsWith("-") }];
}

const sorts = <T,>(column: Column<T>) => column.columnDef.enableSorting === true;

export function DataTable<T>({ columns, data, caption, defaultSort, getRowId, empty }: DataTableProps<T>) {
  const { params, setFilters, isPending } = useListParams();
  const sorting = parseSort(params.sort ?? defaultSort);
  const table = useReactTable({
    data,
    columns,
    getRowId,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    manualPagination: true,
    manualFiltering: true,
    state: { sorting },
  });

  const sortBy = (id: string) => {
    const current = sorting[0];
    // Clicking the sorted column flips its direction; another column starts ascending.
    const desc = current?.id === id ? !current.desc : false;
    setFilters({ sort: `${desc ? "-" : ""}${id}` });
  };

  return (
    <div
      className={cn(
        "overflow-x-auto rounded-lg border border-zinc-200 bg-white transition-opacity dark:border-zinc-800 dark:bg-zinc-900",
        isPending && "opacity-60",
      )}
      aria-busy={isPending}
    >
      <table className="w-full border-collapse text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-zinc-50 text-xs uppercase tracking-wide text-zinc-600 dark:bg-zinc-950 dark:text-zinc-400">
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const id = header.column.id;
                const label = flexRender(header.column.columnDef.header, header.getContext());
                const active = sorting[0]?.id === id ? sorting[0] : undefined;
                const ariaSort = active ? (active.desc ? "descending" : "ascending") : sorts(header.column) ? "none" : undefined;
                return (
                  <th key={header.id} scope="col" aria-sort={ariaSort} className="px-3 py-2 font-medium whitespace-nowrap">
                    {sorts(header.column) ? (
                      <button
                        type="button"
                        onClick={() => sortBy(id)}
                        className="inline-flex items-center gap-1 uppercase hover:text-zinc-900 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 dark:hover:text-zinc-100"
                      >
                        {label}
                        <span aria-hidden>{active ? (active.desc ? "↓" : "↑") : "↕"}</span>
                      </button>
                    ) : (
                      label
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.length === 0 ? (
            <tr>
              <td colSpan={columns.length} className="px-3 py-10">
                {empty}
              </td>
            </tr>
          ) : (
            table.getRowModel().rows.map((row) => (
              <tr key={row.id} className="border-t border-zinc-100 hover:bg-zinc-50 dark:border-zinc-800 dark:hover:bg-zinc-800/50">
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.id} className="px-3 py-2 align-top">
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
