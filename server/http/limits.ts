// Transport limits for the web app's route handlers (tRPC and the POST routes).
// Per-field limits belong to the input schemas; these bound what a request may
// cost before any schema sees it.

/** Request bodies above this are refused with 413 (the task form's largest save is far below). */
export const MAX_BODY_BYTES = 1024 * 1024;
/** Calls in one tRPC batch; the web client's batch link uses the same limit. */
export const MAX_TRPC_BATCH = 50;
/** JSON nesting allowed in a request (objects and arrays), far above any real input. */
export const MAX_JSON_DEPTH = 64;
/** User input quoted back in an error message is cut to this many characters. */
export const MAX_ECHO_CHARS = 200;

export const BODY_TOO_LARGE_MESSAGE = 'The request body is larger than 1 MiB.';
