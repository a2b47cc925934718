// Worker thread of `bouncewise parse`: parses and renders the mails the main thread sends and posts the text
// back. The main thread keeps all I/O and the output order; this thread runs the pure parser and the renderer.
import { Buffer } from "node:buffer";
import { parentPort } from "node:worker_threads";
import { parseBounce } from "../core/bounce/parse-bounce.js";
import { type MailMeta, type RenderOptions, renderMail } from "./parse-render.js";

export interface ParseRequest {
  readonly id: number;
  readonly data: ArrayBuffer;
  readonly meta: MailMeta;
  readonly extraHeaders: readonly string[];
  readonly render: RenderOptions;
}

parentPort?.on("message", (req: ParseRequest) => {
  try {
    const parsed = parseBounce(Buffer.from(req.data), { extraHeaders: req.extraHeaders });
    parentPort?.postMessage({ id: req.id, rendered: renderMail(req.meta, parsed, req.render) });
  } catch (e) {
    // parseBounce does not throw by design; a failure here is a bug, reported for this mail only.
    parentPort?.postMessage({ id: req.id, error: { code: "EPARSE", message: (e as Error).message } });
  }
});
