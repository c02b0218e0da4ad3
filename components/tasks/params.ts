/** A route's [key] segment as a task key; a malformed escape is kept as typed (the lookup then says "No task"). */
export function taskKeyFromParam(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
