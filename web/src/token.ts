// The token dialog: shown when the server answers 401 (it was started with --token). The token stays in this
// browser tab only (sessionStorage); nothing else is stored.

import { h } from "./dom.js";

let pending: Promise<string | null> | null = null;

/** Asks for the server's token; null when the person cancels. One dialog at a time. */
export function askToken(wasWrong: boolean): Promise<string | null> {
  pending ??= new Promise<string | null>((resolve) => {
    const input = h("input", {
      id: "token-input",
      type: "password",
      autocomplete: "current-password",
      required: true,
      spellcheck: "false",
    });
    const dialog = h(
      "dialog",
      { class: "token-dialog", "aria-labelledby": "token-title" },
      h(
        "form",
        { method: "dialog" },
        h("h2", { id: "token-title" }, "This server needs its token"),
        h(
          "p",
          null,
          wasWrong
            ? "The token given was refused. Enter the token bouncewise serve was started with (--token or BOUNCEWISE_TOKEN)."
            : "It was started with --token (or BOUNCEWISE_TOKEN). Enter that token to use the API from this tab.",
        ),
        h("label", { for: "token-input" }, "Token"),
        input,
        h(
          "div",
          { class: "actions" },
          h("button", { type: "submit", value: "ok", class: "primary" }, "Use this token"),
          h("button", { type: "submit", value: "cancel", formnovalidate: true }, "Cancel"),
        ),
      ),
    );
    document.body.appendChild(dialog);
    dialog.addEventListener("close", () => {
      const value = dialog.returnValue === "ok" ? input.value.trim() : "";
      dialog.remove();
      pending = null;
      resolve(value === "" ? null : value);
    });
    dialog.showModal();
    input.focus();
  });
  return pending;
}
