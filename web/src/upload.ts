// A file upload area: drop files on it or pick them with the file input (keyboard and screen readers use the
// input), then a progress bar fed by the upload's own progress events.

import { h } from "./dom.js";
import { num } from "./format.js";

export interface UploadArea {
  readonly element: HTMLElement;
  /** Shows the progress of an upload in flight (bytes). */
  progress(loaded: number, total: number): void;
  /** Starts the busy state. */
  start(): void;
  /** Ends it: the bar stays full after a complete upload, and is hidden after a failed one. */
  done(ok: boolean): void;
}

function mb(n: number): string {
  return n < 1024 * 1024 ? `${num(Math.ceil(n / 1024))} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export function uploadArea(o: {
  id: string;
  label: string;
  help: string;
  accept?: string;
  onFiles: (files: File[]) => void;
}): UploadArea {
  const input = h("input", {
    id: `${o.id}-input`,
    type: "file",
    multiple: true,
    "aria-describedby": `${o.id}-help`,
    ...(o.accept === undefined ? {} : { accept: o.accept }),
  });
  const bar = h("progress", { id: `${o.id}-progress`, max: 100, value: 0 });
  const text = h("span", { id: `${o.id}-progress-text`, role: "status" });
  const progressBox = h(
    "div",
    { class: "progress", hidden: true },
    h("label", { for: `${o.id}-progress` }, "Upload progress"),
    bar,
    text,
  );
  const zone = h(
    "div",
    { class: "drop", id: `${o.id}-zone` },
    h("label", { for: `${o.id}-input` }, o.label),
    h("p", { class: "help", id: `${o.id}-help` }, o.help),
    input,
  );
  const take = (list: FileList | null) => {
    const files = list === null ? [] : [...list];
    if (files.length > 0) o.onFiles(files);
  };
  input.addEventListener("change", () => {
    take(input.files);
    input.value = "";
  });
  zone.addEventListener("dragover", (e) => {
    e.preventDefault();
    zone.classList.add("over");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", (e) => {
    e.preventDefault();
    zone.classList.remove("over");
    take(e.dataTransfer?.files ?? null);
  });
  let lastQuarter = -1;
  return {
    element: h("div", { class: "upload" }, zone, progressBox),
    progress(loaded, total) {
      const p = total === 0 ? 100 : Math.round((loaded / total) * 100);
      bar.value = p;
      bar.textContent = `${p}%`;
      // The status is read out at each quarter, not at every event.
      const quarter = Math.floor(p / 25);
      if (quarter !== lastQuarter) {
        lastQuarter = quarter;
        text.textContent = p >= 100 ? `Sent ${mb(total)}; reading…` : `Uploading: ${p}% of ${mb(total)}`;
      }
    },
    start() {
      input.disabled = true;
      lastQuarter = -1;
      bar.value = 0;
      text.textContent = "Starting the upload…";
      progressBox.hidden = false;
    },
    done(ok) {
      input.disabled = false;
      if (ok) {
        bar.value = 100;
        text.textContent = "Upload complete.";
      } else {
        progressBox.hidden = true;
        text.textContent = "";
      }
    },
  };
}
