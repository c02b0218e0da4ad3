export interface PostResult {
  ok: boolean;
  status: number;
  error?: string;
  fieldErrors?: Record<string, string[]>;
}

/** POSTs JSON to one of our auth routes; a network failure becomes a message, never a throw. */
export async function postJson(url: string, body: unknown): Promise<PostResult> {
  try {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-cronboard-csrf': '1' }, body: JSON.stringify(body) });
    const data = (await res.json().catch(() => ({}))) as { error?: string; fieldErrors?: Record<string, string[]> };
    return { ok: res.ok, status: res.status, error: data.error, fieldErrors: data.fieldErrors };
  } catch {
    return { ok: false, status: 0, error: 'Cannot reach the server; check your connection and try again.' };
  }
}

/** A text field of a submitted form ('' when missing; files are not expected here). */
export function formText(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}
