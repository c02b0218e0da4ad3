import type { z } from 'zod';
import { clipEcho } from '../http/clip-echo';
import { parseCheckedJson } from '../http/request-body';
import { isSameOriginRequest } from './request-auth';

/** Parses a JSON body with a zod schema; the 400 names each bad field. */
export async function parseJsonBody<T extends z.ZodType>(request: Request, schema: T): Promise<{ ok: true; data: z.infer<T> } | { ok: false; response: Response }> {
  const json = parseCheckedJson(await request.text());
  if (!json.ok) return json;
  const parsed = schema.safeParse(json.value);
  if (!parsed.success) {
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) (fieldErrors[issue.path.join('.') || 'body'] ??= []).push(clipEcho(issue.message));
    const first = Object.entries(fieldErrors)[0];
    return { ok: false, response: Response.json({ error: first ? `${first[0]}: ${first[1][0]}` : 'Invalid input', fieldErrors }, { status: 400 }) };
  }
  return { ok: true, data: parsed.data };
}

/** Sign-in forms are cookie-setting POSTs: refuse them cross-site too (login CSRF). */
export function refuseCrossSite(request: Request): Response | null {
  return isSameOriginRequest(request.headers) ? null : Response.json({ error: 'Cross-site request refused: send it from the Cronboard page itself.' }, { status: 403 });
}
