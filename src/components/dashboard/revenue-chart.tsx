"use client";
import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

/** Net revenue per day over the window, as an area chart (the figures are also in the table beside it for screen readers). */
export function RevenueChart({ series, currency }: { series: { day: string; net: number }[]; currency: string }) {
  const money = (minor: number) =>
    new Intl.NumberFormat("en-US", { style: "currency", currency: currency.toUpperCase(), maximumFractionDigits: 0 }).format(minor / 100);
  const day = (d: string) => new Date(`${d}T00:00:00Z`).toLocaleDateString("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
  return (
    <div className="h-56 w-full" aria-hidden>
      <ResponsiveContainer width="100%" height="100%">
        <AreaChart data={series} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <defs>
            <linearGradient id="revenue-fill" x1="0" y1="0" x2="0" y2="1">
              <stop offset="0%" stopColor="#4f46e5" stopOpacity={0.35} />
              <stop offset="100%" stopColor="#4f46e5" stopOpacity={0} />
            </linearGradient>
          </defs>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e4e4e7" />
          <XAxis dataKey="day" tickFormatter={day} tick={{ fontSize: 12, fill: "#52525b" }} minTickGap={24} tickLine={false} axisLine={false} />
          <YAxis tickFormatter={money} tick={{ fontSize: 12, fill: "#52525b" }} width={64} tickLine={false} axisLine={false} allowDecimals={false} />
          <Tooltip formatter={(v) => [money(Number(v)), "Net revenue"]} labelFormatter={(l) => day(String(l))} />
          <Area type="monotone" dataKey="net" stroke="#4f46e5" strokeWidth={2} fill="url(#revenue-fill)" />
        </AreaChart>
      </ResponsiveContainer>
    </div>
  );
}
