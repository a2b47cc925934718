// Calls to the bouncewise API from the pages: same origin only, JSON errors turned into ApiFailure, and the token
// asked for once when the server has one (kept for the browser tab in sessionStorage, sent as a bearer token).

import { askToken } from "./token.js";

const TOKEN_KEY = "bouncewise.token";

/** An error answer of the API ({"error": {"code", "message"}}), or a network failure (status 0). */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ApiFailure";
  }
}

export function storedToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

function saveToken(token: string | null): void {
  try {
    if (token === null) sessionStorage.removeItem(TOKEN_KEY);
    else sessionStorage.setItem(TOKEN_KEY, token);
  } catch {
    // storage refused (private mode): the token is asked again next time
  }
}

function authHeaders(): Record<string, string> {
  const t = storedToken();
  return t === null ? {} : { authorization: `Bearer ${t}` };
}

async function failureOf(res: Response): Promise<ApiFailure> {
  let code = "http_error";
  let message = `the server answered ${res.status} ${res.statusText}`;
  try {
    const body = (await res.json()) as { error?: { code?: string; message?: string } };
    if (typeof body.error?.code === "string") code = body.error.code;
    if (typeof body.error?.message === "string") message = body.error.message;
  } catch {
    // not JSON: keep the status line
  }
  return new ApiFailure(res.status, code, message);
}

/** One request; a 401 asks the person for the token and tries once more with it. */
export async function call(path: string, init: RequestInit = {}): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    let res: Response;
    try {
      res = await fetch(path, {
        ...init,
        credentials: "same-origin",
        headers: { ...authHeaders(), ...(init.headers as Record<string, string> | undefined) },
      });
    } catch {
      throw new ApiFailure(0, "network", "the bouncewise server did not answer: is it still running?");
    }
    if (res.status === 401 && attempt === 0) {
      const token = await askToken(storedToken() !== null);
      if (token !== null) {
        saveToken(token);
        continue;
      }
    }
    if (!res.ok) throw await failureOf(res);
    return res;
  }
}

export async function getJson<T>(path: string): Promise<T> {
  return (await (await call(path, { headers: { accept: "application/json" } })).json()) as T;
}

export async function sendJson<T>(method: string, path: string, body?: unknown): Promise<T> {
  const init: RequestInit =
    body === undefined
      ? { method }
      : { method, body: JSON.stringify(body), headers: { "content-type": "application/json" } };
  return (await (await call(path, init)).json()) as T;
}

export async function sendText<T>(path: string, text: string, contentType: string): Promise<T> {
  return (await (
    await call(path, { method: "POST", body: text, headers: { "content-type": contentType } })
  ).json()) as T;
}

/**
 * Sends files as multipart/form-data with upload progress (fetch has none): XMLHttpRequest. A 401 asks for the
 * token and sends again.
 */
export async function uploadFiles<T>(
  path: string,
  files: readonly File[],
  onProgress: (loaded: number, total: number) => void,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const form = new FormData();
    for (const f of files) form.append("file", f, f.name);
    const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open("POST", path);
      for (const [k, v] of Object.entries(authHeaders())) xhr.setRequestHeader(k, v);
      xhr.upload.addEventListener("progress", (e) => {
        if (e.lengthComputable) onProgress(e.loaded, e.total);
      });
      xhr.addEventListener("load", () => resolve({ status: xhr.status, text: xhr.responseText }));
      xhr.addEventListener("error", () =>
        reject(new ApiFailure(0, "network", "the upload was interrupted: is the server still running?")),
      );
      xhr.send(form);
    });
    if (status === 401 && attempt === 0) {
      const token = await askToken(storedToken() !== null);
      if (token !== null) {
        saveToken(token);
        continue;
      }
    }
    if (status >= 200 && status < 300) return JSON.parse(text) as T;
    let code = "http_error";
    let message = `the server answered ${status}`;
    try {
      const body = JSON.parse(text) as { error?: { code?: string; message?: string } };
      code = body.error?.code ?? code;
      message = body.error?.message ?? message;
    } catch {
      // keep the status
    }
    throw new ApiFailure(status, code, message);
  }
}
