/**
 * The body of a cached JSON response. It is kept as received until first parsed, then only parsed:
 * an alert-list page parsed with its repositories shared takes about 40% of its text's size
 * (measured), so keeping both would cost 1.4 × the text for every page the cache holds.
 * The parsed value is shared by every reader and must not be mutated.
 */
export class CachedBody {
  #text: string | undefined;
  #data: unknown;

  /** `bytes`: the size as received, which the cache's byte bound counts. */
  constructor(
    text: string,
    readonly bytes: number,
  ) {
    this.#text = text;
  }

  /** The JSON text: as received, or re-serialized (same JSON) once parsed. */
  text(): string {
    return this.#text ?? JSON.stringify(this.#data);
  }

  /** Parsed once with `parse`; the text is dropped from then on. */
  json(parse: (text: string) => unknown): unknown {
    if (this.#text !== undefined) {
      this.#data = parse(this.#text);
      this.#text = undefined;
    }
    return this.#data;
  }
}
