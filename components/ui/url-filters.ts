// A page's filters <-> URL search params, checked by the same zod schema the
// tRPC procedure parses them with. Each parameter is checked on its own and a
// value the schema rejects is dropped, not fatal: a hand-edited URL still shows
// the page, with the filters that were valid.
import type { z } from 'zod';

export type SearchParamsLike = Record<string, string | string[] | undefined> | URLSearchParams;

/** How each filter is named in the URL, and (for non-strings) how its text becomes a value. */
export type UrlFields<T> = { [K in keyof T]?: { param: string; read?: (text: string) => unknown } };

function first(params: SearchParamsLike, name: string): string | undefined {
  const value = params instanceof URLSearchParams ? params.get(name) : params[name];
  const one = Array.isArray(value) ? value[0] : value;
  const text = one?.trim();
  return text ? text : undefined;
}

/** The filters named in `fields` that the schema accepts, from the URL. */
export function filtersFromSearch<S extends z.ZodObject, T extends Partial<z.output<S>>>(
  schema: S,
  fields: UrlFields<T>,
  params: SearchParamsLike,
): T {
  const filters: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(fields) as [string, { param: string; read?: (text: string) => unknown }][]) {
    const text = first(params, field.param);
    const shape = (schema.shape as Record<string, z.ZodType | undefined>)[name];
    if (text === undefined || !shape) continue;
    const parsed = shape.safeParse(field.read ? field.read(text) : text);
    if (parsed.success && parsed.data !== undefined) filters[name] = parsed.data;
  }
  return filters as T;
}

/** The URL search params for the filters (dates as ISO 8601, empty ones left out). */
export function searchFromFilters<T extends object>(fields: UrlFields<T>, filters: T): URLSearchParams {
  const params = new URLSearchParams();
  for (const [name, field] of Object.entries(fields) as [string, { param: string }][]) {
    const value = (filters as Record<string, string | number | Date | null | undefined>)[name];
    if (value === undefined || value === null || value === '') continue;
    params.set(field.param, value instanceof Date ? value.toISOString() : String(value));
  }
  return params;
}

/** `new Date(text)` for a date filter (the schema rejects an invalid date). */
export const readDate = (text: string): Date => new Date(text);
