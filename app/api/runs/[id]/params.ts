import { z } from 'zod';
import { clipEcho } from '@/server/http/clip-echo';

const runIdParam = z.coerce.number().int().positive();

/** The `[id]` segment as a run id, or a 400 saying what was wrong. */
export async function parseRunId(
  params: Promise<{ id: string }>,
): Promise<{ ok: true; id: number } | { ok: false; response: Response }> {
  const raw = (await params).id;
  const parsed = runIdParam.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      response: Response.json({ error: clipEcho(`The run id in the URL must be a positive whole number, got '${raw}'.`) }, { status: 400 }),
    };
  }
  return { ok: true, id: parsed.data };
}
