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
  private readonly waiting = new Map<number, (a: PoolAnswer) => void>();
  private next = 0;
  private failure: Error | null = null;

  constructor(size: number) {
    // The worker sits beside this module: parse-worker.js in dist/, parse-worker.ts when run from source (tsx).
    const fromSource = import.meta.url.endsWith(".ts");
    const url = new URL(`./parse-worker${fromSource ? ".ts" : ".js"}`, import.meta.url);
    // From source (tests run TypeScript through tsx), a worker needs the tsx loader registered in its own thread.
    const entry = fromSource
      ? new URL(
          `data:text/javascript,${encodeURIComponent(
            `import { register } from ${JSON.stringify(import.meta.resolve("tsx/esm/api"))}; register(); await import(${JSON.stringify(url.href)});`,
          )}`,
        )
      : url;
    this.workers = Array.from({ length: size }, () => {
      const w = new Worker(entry, { resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
      w.on("message", (m: { id: number } & PoolAnswer) => {
        const done = this.waiting.get(m.id);
        this.waiting.delete(m.id);
        done?.(m.error === undefined ? { rendered: m.rendered as Rendered } : { error: m.error });
      });
      w.on("error", (e) => {
        this.failure = e;
        for (const [, done] of this.waiting) done({ error: { code: "EWORKER", message: e.message } });
        this.waiting.clear();
      });
      return w;
    });
  }

  /** Parses and renders one mail in a worker. The bytes are copied into a buffer of their own and moved. */
  parse(data: Buffer, meta: MailMeta, extraHeaders: readonly string[], render: RenderOptions): Promise<PoolAnswer> {
    if (this.failure !== null) {
      return Promise.resolve({ error: { code: "EWORKER", message: this.failure.message } });
    }
    const id = this.next++;
    const own = data.buffer.slice(data.byteOffset, data.byteOffset + data.length) as ArrayBuffer;
    const worker = this.workers[id % this.workers.length] as Worker;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      worker.postMessage({ id, data: own, meta, extraHeaders, render }, [own]);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
