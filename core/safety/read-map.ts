/** What a batched read found, remembering what it was asked for: asked but absent means gone. */
export class ReadMap<V> extends Map<string, V> {
  readonly asked: ReadonlySet<string>;

  constructor(asked: Iterable<string>) {
    super();
    this.asked = new Set(asked);
  }
}
