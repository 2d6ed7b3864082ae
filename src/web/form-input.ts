/** A string field of an urlencoded form body ('' when absent or not a string), capped in length. */
export function formString(body: unknown, name: string, max = 1000): string {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value.slice(0, max) : '';
}

/** A checkbox of a form body. */
export function formFlag(body: unknown, name: string): boolean {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return value === 'on' || value === 'true' || value === '1';
}
