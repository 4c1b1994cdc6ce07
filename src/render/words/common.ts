// Small helpers the word modules share.

export const list = (names: readonly string[]) => names.join(", ");

/** "a, b and c". */
export function and(names: readonly string[]): string {
  return names.length <= 1 ? names.join("") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

/** At most `max` names, then "+N". */
export function some(names: readonly string[], max = 3): string {
  return names.length <= max ? list(names) : `${list(names.slice(0, max))} +${names.length - max}`;
}
