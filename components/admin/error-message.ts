/** The server's message for a failed mutation, naming the field when there is one. */
export function errorMessage(error: unknown): string {
  const e = error as { message?: string; data?: { fieldErrors?: Record<string, string[] | undefined> | null } } | null;
  const field = Object.entries(e?.data?.fieldErrors ?? {}).find(([, v]) => v?.[0]);
  if (field) return `${field[0]}: ${field[1]![0]}`;
  return e?.message ?? 'Something went wrong.';
}
