"use client";
// Deliveries per day, stacked by event type (recharts). The table below the chart
// carries the same numbers for screen readers and keyboard users, so the chart is
// hidden from them: no accessibility layer, which would make the hidden SVG focusable.
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

const palette = ["#1d4ed8", "#059669", "#dc2626", "#7c3aed", "#d97706", "#0891b2", "#be185d", "#4b5563"];

export interface ChartRow {
  day: string;
  [type: string]: number | string;
}

export function DeliveriesChart({ rows, types }: { rows: ChartRow[]; types: string[] }) {
  return (
    <div className="h-64 w-full" aria-hidden>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="day" tick={{ fontSize: 11 }} tickFormatter={(d: string) => d.slice(5)} />
          <YAxis allowDecimals={false} tick={{ fontSize: 11 }} width={40} />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {types.map((type, i) => (
            <Bar key={type} dataKey={type} stackId="deliveries" fill={palette[i % palette.length]} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
