// Calling the app's tRPC API from a Playwright request context, for tests that
// set up or check state without clicking through the UI.
import type { APIRequestContext } from '@playwright/test';
import { SAME_SITE_WRITE } from './auth-helpers';

/**
 * A tRPC call: a query (GET, `path` may carry `?input=`, see `queryPath`) when
 * `input` is left out, else a mutation (POST with the same-site header the CSRF
 * check wants). Throws with the server's message when it fails.
 */
export async function trpc<T>(request: APIRequestContext, path: string, input?: unknown): Promise<T> {
  const response =
    input === undefined
      ? await request.get(`/api/trpc/${path}`)
      : await request.post(`/api/trpc/${path}`, { data: { json: input }, headers: SAME_SITE_WRITE });
  const body = (await response.json()) as { result?: { data: { json: T } }; error?: { json: { message: string } } };
  if (!response.ok() || !body.result) throw new Error(`${path} failed (${response.status()}): ${body.error?.json.message ?? 'no message'}`);
  return body.result.data.json;
}

/** `procedure?input=…` for a tRPC query with this input. */
export const queryPath = (procedure: string, input: unknown) => `${procedure}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;

/** A name no other test run uses: `label` + `separator` + a short time-and-random suffix. */
export const unique = (label: string, separator = '-') => `${label}${separator}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;

/**
 * board.get's cards, each with its status: board.get sends a status only where
 * the column changes (a card without one is in the card before's column).
 */
export async function boardCards<T extends { key: string; status?: string }>(request: APIRequestContext): Promise<(T & { status: string })[]> {
  const board = await trpc<{ tasks: T[] }>(request, 'board.get');
  let status = '';
  return board.tasks.map((card) => ({ ...card, status: (status = card.status ?? status) }));
}
