// Every error of the HTTP API is one JSON shape, {"error": {"code", "message"}}, with its HTTP status: our own
// (ApiError) and fastify's (validation, body too large, bad JSON, unknown media type, unknown route) alike. A 5xx
// never carries the underlying message or stack: those go to the log.

export type ApiErrorCode =
  | "bad_request"
  | "invalid_json"
  | "invalid_request"
  | "empty_body"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "method_not_allowed"
  | "too_large"
  | "unsupported_media_type"
  | "timeout"
  | "bad_gateway"
  | "internal";

export interface ApiErrorBody {
  readonly error: { readonly code: ApiErrorCode; readonly message: string };
}

/** An error the API answers as it is: status, code and a message meant for the caller. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ApiErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "ApiError";
  }
}

const CODE_OF_STATUS: Readonly<Record<number, ApiErrorCode>> = {
  400: "bad_request",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  405: "method_not_allowed",
  406: "unsupported_media_type",
  408: "timeout",
  413: "too_large",
  415: "unsupported_media_type",
};

interface ErrorLike {
  readonly statusCode?: number;
  readonly status?: number;
  readonly code?: string;
  readonly message?: string;
  readonly validation?: unknown;
}

/** The status and body for any error thrown while handling a request. */
export function errorResponse(err: unknown): { status: number; body: ApiErrorBody; internal: boolean } {
  if (err instanceof ApiError) {
    return { status: err.statusCode, body: { error: { code: err.code, message: err.message } }, internal: false };
  }
  const e = (typeof err === "object" && err !== null ? err : {}) as ErrorLike;
  const raw = e.statusCode ?? e.status;
  const status = typeof raw === "number" && raw >= 400 && raw <= 599 ? raw : 500;
  if (status >= 500) {
    return { status: 500, body: { error: { code: "internal", message: "internal error" } }, internal: true };
  }
  const message = typeof e.message === "string" && e.message !== "" ? e.message : "bad request";
  let code: ApiErrorCode = CODE_OF_STATUS[status] ?? "bad_request";
  if (e.validation !== undefined) code = "invalid_request";
  else if (e.code === "FST_ERR_CTP_EMPTY_JSON_BODY") code = "empty_body";
  else if (e.code === "FST_ERR_CTP_INVALID_JSON_BODY" || err instanceof SyntaxError) code = "invalid_json";
  // @fastify/multipart answers a non-multipart body with 406: for the caller it is the wrong media type.
  const finalStatus = e.code === "FST_INVALID_MULTIPART_CONTENT_TYPE" ? 415 : status;
  return { status: finalStatus, body: { error: { code, message } }, internal: false };
}
