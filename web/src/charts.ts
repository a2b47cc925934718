// Charts as plain SVG built in the page (no library, nothing fetched): stacked columns over time and stacked
// horizontal bars, coloured through CSS classes. Each chart has a text label for screen readers and its numbers in
// a table under a disclosure.

import { h, s } from "./dom.js";
import { num, utc } from "./format.js";

/** One stacked series: the value's key in each row, its legend word and its CSS colour class. */
export interface SeriesDef {
  readonly key: string;
  readonly label: string;
  readonly cls: string;
}

export interface ChartRow {
  readonly label: string;
  /** The series' values by key (other fields are ignored): a BreakdownRow fits as it is. */
  readonly values: object;
}

export const OUTCOME_SERIES: readonly SeriesDef[] = (
  ["delivered", "deferred", "bounced", "complained", "dropped"] as const
).map((o) => ({ key: o, label: o, cls: `o-${o}` }));

function seriesValue(r: ChartRow, key: string): number {
  const v = (r.values as Readonly<Record<string, unknown>>)[key];
  return typeof v === "number" ? v : 0;
}

function legend(series: readonly SeriesDef[]): HTMLElement {
  return h(
    "ul",
    { class: "legend" },
    series.map((d) =>
      h(
        "li",
        null,
        s(
          "svg",
          { width: 12, height: 12, viewBox: "0 0 12 12", "aria-hidden": "true" },
          s("rect", { width: 12, height: 12, class: d.cls }),
        ),
        d.label,
      ),
    ),
  );
}

function numbersTable(caption: string, head: string, rows: readonly ChartRow[], series: readonly SeriesDef[]) {
  return h(
    "details",
    null,
    h("summary", null, "Show the numbers"),
    h(
      "div",
      { class: "scroll" },
      h(
        "table",
        null,
        h("caption", { class: "visually-hidden" }, caption),
        h(
          "thead",
          null,
          h(
            "tr",
            null,
            h("th", { scope: "col" }, head),
            series.map((d) => h("th", { scope: "col", class: "n" }, d.label)),
          ),
        ),
        h(
          "tbody",
          null,
          rows.map((r) =>
            h(
              "tr",
              null,
              h("th", { scope: "row" }, r.label),
              series.map((d) => h("td", { class: "n" }, num(seriesValue(r, d.key)))),
            ),
          ),
        ),
      ),
    ),
  );
}

function usedSeries(rows: readonly ChartRow[], from: readonly SeriesDef[]): SeriesDef[] {
  return from.filter((d) => rows.some((r) => seriesValue(r, d.key) > 0));
}

/** Stacked columns, one per time bucket (a bucket without events leaves a gap). `time` of each row is ms. */
export function timelineChart(
  title: string,
  rows: readonly (ChartRow & { readonly time: number })[],
  bucketMs: number,
  width: number,
  allSeries: readonly SeriesDef[] = OUTCOME_SERIES,
): HTMLElement {
  const fig = h("figure", { class: "chart" }, h("figcaption", null, title));
  if (rows.length === 0) {
    fig.append(h("p", null, "No dated events."));
    return fig;
  }
  const series = usedSeries(rows, allSeries);
  const w = Math.max(280, Math.round(width));
  const height = 220;
  const left = 44;
  const right = 8;
  const top = 12;
  const bottom = 36;
  const first = rows[0]?.time ?? 0;
  const last = rows[rows.length - 1]?.time ?? first;
  const slots = Math.max(1, Math.round((last - first) / bucketMs) + 1);
  const colW = (w - left - right) / slots;
  const totalOf = (r: ChartRow) => series.reduce((n, d) => n + seriesValue(r, d.key), 0);
  const max = Math.max(1, ...rows.map(totalOf));
  const plotH = height - top - bottom;
  const unit = bucketMs === 3_600_000 ? "hour" : bucketMs === 86_400_000 ? "day" : "period";
  const svg = s("svg", {
    viewBox: `0 0 ${w} ${height}`,
    role: "img",
    "aria-label": `${title}: events per ${unit} from ${utc(first)} to ${utc(last)}, at most ${num(max)} in one ${unit}.`,
  });
  const y0 = top + plotH;
  svg.append(
    s("line", { class: "grid", x1: left, x2: w - right, y1: top, y2: top }),
    s("line", { class: "grid", x1: left, x2: w - right, y1: top + plotH / 2, y2: top + plotH / 2 }),
    s("text", { x: left - 6, y: top + 4, "text-anchor": "end" }, num(max)),
    s("text", { x: left - 6, y: top + plotH / 2 + 4, "text-anchor": "end" }, num(Math.round(max / 2))),
    s("text", { x: left - 6, y: y0 + 4, "text-anchor": "end" }, "0"),
  );
  for (const r of rows) {
    const i = Math.round((r.time - first) / bucketMs);
    let y = y0;
    for (const d of series) {
      const v = seriesValue(r, d.key);
      if (v === 0) continue;
      const bh = (plotH * v) / max;
      y -= bh;
      svg.append(
        s(
          "rect",
          {
            class: d.cls,
            x: (left + i * colW).toFixed(1),
            y: y.toFixed(1),
            width: Math.max(colW - (colW > 4 ? 1 : 0), 0.5).toFixed(1),
            height: bh.toFixed(1),
          },
          s("title", null, `${r.label} ${d.label}: ${num(v)}`),
        ),
      );
    }
  }
  svg.append(s("line", { class: "axis", x1: left, x2: w - right, y1: y0, y2: y0 }));
  if (unit === "hour") {
    // A mark at each midnight (UTC), labelled when there is room.
    for (let t = Math.ceil(first / 86_400_000) * 86_400_000; t <= last; t += 86_400_000) {
      const x = left + ((t - first) / bucketMs) * colW;
      svg.append(s("line", { class: "grid", x1: x, x2: x, y1: top, y2: y0 + 4 }));
      if (w >= 400) svg.append(s("text", { x: x + 3, y: y0 + 14 }, new Date(t).toISOString().slice(5, 10)));
    }
  }
  svg.append(s("text", { x: left, y: height - 4 }, utc(first)));
  if (w >= 420) svg.append(s("text", { x: w - right, y: height - 4, "text-anchor": "end" }, utc(last)));
  fig.append(legend(series), svg, numbersTable(title, unit, rows, series));
  return fig;
}

/** Horizontal stacked bars, each with its label above the bar and its total after it. */
export function barsChart(
  title: string,
  rows: readonly ChartRow[],
  width: number,
  allSeries: readonly SeriesDef[] = OUTCOME_SERIES,
  emptyText = "Nothing to show.",
): HTMLElement {
  const fig = h("figure", { class: "chart" }, h("figcaption", null, title));
  if (rows.length === 0) {
    fig.append(h("p", null, emptyText));
    return fig;
  }
  const series = usedSeries(rows, allSeries);
  const w = Math.max(280, Math.round(width));
  const rowH = 38;
  const valueW = 64;
  const height = rows.length * rowH + 4;
  const totalOf = (r: ChartRow) => series.reduce((n, d) => n + seriesValue(r, d.key), 0);
  const max = Math.max(1, ...rows.map(totalOf));
  const svg = s("svg", {
    viewBox: `0 0 ${w} ${height}`,
    role: "img",
    "aria-label": `${title}: ${rows.map((r) => `${r.label} ${num(totalOf(r))}`).join(", ")}.`,
  });
  rows.forEach((r, i) => {
    const y = 2 + i * rowH;
    const maxChars = Math.max(12, Math.floor(w / 7.5));
    svg.append(
      s("text", { x: 0, y: y + 13 }, r.label.length > maxChars ? `${r.label.slice(0, maxChars - 1)}…` : r.label),
    );
    let x = 0;
    for (const d of series) {
      const v = seriesValue(r, d.key);
      if (v === 0) continue;
      const bw = ((w - valueW) * v) / max;
      svg.append(
        s(
          "rect",
          { class: d.cls, x: x.toFixed(1), y: y + 18, width: Math.max(bw, 0.5).toFixed(1), height: 14 },
          s("title", null, `${r.label} ${d.label}: ${num(v)}`),
        ),
      );
      x += bw;
    }
    svg.append(s("text", { x: (x + 6).toFixed(1), y: y + 30 }, num(totalOf(r))));
  });
  fig.append(legend(series), svg, numbersTable(title, "", rows, series));
  return fig;
}
