// A small pool of parse worker threads for large batches: mails go out round-robin, answers come back by id.
// The caller bounds how many are in flight, so memory stays bounded whatever the input size.
import type { Buffer } from "node:buffer";
import { Worker } from "node:worker_threads";
import type { MailMeta, Rendered, RenderOptions } from "./parse-render.js";

export interface PoolAnswer {
  readonly rendered?: Rendered;
  readonly error?: { readonly code: string; readonly message: string };
}

/** Young-generation cap per worker: batch parsing makes short-lived garbage fast, V8's default lets it grow. */
const YOUNG_GENERATION_MB = 8;

export class ParsePool {
  private readonly workers: Worker[];
  /** Answer callbacks of the mails in flight, and which worker has each. */
  private readonly waiting = new Map<number, { done: (a: PoolAnswer) => void; slot: number }>();
  private next = 0;
  private closing = false;
  private readonly entry: URL;
  /** Workers started in all, to stop replacing a worker that keeps dying. */
  private started = 0;

  constructor(private readonly size: number) {
    // The worker sits beside this module: parse-worker.js in dist/, parse-worker.ts when run from source (tsx).
    const fromSource = import.meta.url.endsWith(".ts");
    const url = new URL(`./parse-worker${fromSource ? ".ts" : ".js"}`, import.meta.url);
    // From source (tests run TypeScript through tsx), a worker needs the tsx loader registered in its own thread.
    this.entry = fromSource
      ? new URL(
          `data:text/javascript,${encodeURIComponent(
            `import { register } from ${JSON.stringify(import.meta.resolve("tsx/esm/api"))}; register(); await import(${JSON.stringify(url.href)});`,
          )}`,
        )
      : url;
    this.workers = Array.from({ length: size }, (_, slot) => this.start(slot));
  }

  private start(slot: number): Worker {
    this.started++;
    const w = new Worker(this.entry, { resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
    w.on("message", (m: { id: number } & PoolAnswer) => {
      const entry = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      entry?.done(m.error === undefined ? { rendered: m.rendered as Rendered } : { error: m.error });
    });
    // A worker that dies (a bug, its memory limit) fails only the mails it held; a fresh one takes its place.
    const fail = (message: string): void => {
      for (const [id, entry] of this.waiting) {
        if (entry.slot !== slot) continue;
        this.waiting.delete(id);
        entry.done({ error: { code: "EWORKER", message } });
      }
      if (!this.closing && this.workers[slot] === w && this.started < this.size * 10)
        this.workers[slot] = this.start(slot);
    };
    w.on("error", (e) => fail(e.message));
    w.on("exit", (code) => {
      if (code !== 0 && !this.closing) fail(`worker thread exited with code ${code}`);
    });
    return w;
  }

  /** Parses and renders one mail in a worker. The bytes are copied into a buffer of their own and moved. */
  parse(data: Buffer, meta: MailMeta, extraHeaders: readonly string[], render: RenderOptions): Promise<PoolAnswer> {
    const id = this.next++;
    const own = data.buffer.slice(data.byteOffset, data.byteOffset + data.length) as ArrayBuffer;
    const slot = id % this.workers.length;
    const worker = this.workers[slot] as Worker;
    return new Promise((resolve) => {
      this.waiting.set(id, { done: resolve, slot });
      worker.postMessage({ id, data: own, meta, extraHeaders, render }, [own]);
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
