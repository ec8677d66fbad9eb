/**
 * Event ids are `<cause>#<n>`: the cause is what made the app write (a comment, a webhook
 * delivery, a sweep slot), n numbers the events one cause produced.
 */
export function commentCause(commentId: number): string {
  return `c${commentId}`;
}

export function deliveryCause(deliveryId: string): string {
  return `d${deliveryId}`;
}

export function eventId(cause: string, n: number): string {
  return `${cause}#${n}`;
}

/** The cause of an event id: everything before the last `#` (a cause may hold one itself). */
export function causeOf(id: string): string {
  const hash = id.lastIndexOf("#");
  return hash === -1 ? id : id.slice(0, hash);
}

/** The comment id a cause names, or null when the cause was not a comment. */
export function commentIdOf(cause: string): number | null {
  const match = /^c(\d+)$/.exec(cause);
  return match ? Number(match[1]) : null;
}
