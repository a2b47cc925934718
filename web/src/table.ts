// Data tables: a header row, a row header per row, numbers right-aligned. On a phone (see table.stack in
// style.css) each row becomes a small card with every value labelled by its column, instead of a squeezed table.

import { type Attrs, type Child, h } from "./dom.js";

export interface Column {
  readonly label: string;
  readonly numeric?: boolean;
}

export interface Row {
  readonly attrs?: Attrs;
  /** One per column; the first is the row's header. */
  readonly cells: readonly Child[];
}

export function dataTable(o: {
  readonly id?: string;
  readonly caption: string;
  /** Keep the caption for screen readers only (a heading above says the same). */
  readonly captionHidden?: boolean;
  readonly labelledBy?: string;
  readonly columns: readonly Column[];
  readonly rows: readonly Row[];
}): HTMLElement {
  return h(
    "div",
    { class: "scroll" },
    h(
      "table",
      { class: "stack", ...(o.id === undefined ? {} : { id: o.id }) },
      h("caption", o.captionHidden === true ? { class: "visually-hidden" } : null, o.caption),
      h(
        "thead",
        null,
        h(
          "tr",
          null,
          o.columns.map((c) => h("th", { scope: "col", class: c.numeric === true ? "n" : null }, c.label)),
        ),
      ),
      h(
        "tbody",
        null,
        o.rows.map((r) =>
          h(
            "tr",
            r.attrs ?? null,
            r.cells.map((cell, i) => {
              const col = o.columns[i];
              const numeric = col?.numeric === true ? "n" : null;
              return i === 0
                ? h("th", { scope: "row" }, cell)
                : h("td", { class: numeric, "data-label": col?.label === "" ? null : col?.label }, cell);
            }),
          ),
        ),
      ),
    ),
  );
}
