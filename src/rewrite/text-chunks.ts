/**
 * Many small strings to be joined once at the end (the pieces of a rewritten file, the lines
 * of stderr), kept as a few flat strings: an edited document is a rope of slices and each line
 * a rope of its parts, which take several times their length until they are joined, so every
 * CHUNK of them is joined as it fills. The joined text is what joining every piece at the end
 * would give; the copying stays linear.
 */
const CHUNK = 1024;

export class TextChunks {
  private readonly joined: string[] = [];
  private pieces: string[] = [];
  private readonly separator: string;

  constructor(separator = '') {
    this.separator = separator;
  }

  push(...pieces: string[]): void {
    for (const p of pieces) this.pieces.push(p);
    if (this.pieces.length >= CHUNK) {
      this.joined.push(this.pieces.join(this.separator));
      this.pieces = [];
    }
  }

  get empty(): boolean {
    return this.joined.length === 0 && this.pieces.length === 0;
  }

  /**
   * Every piece so far as a few strings, in order: joined with `separator` they are join(), which
   * a big text need not be made into to be written.
   */
  parts(): readonly string[] {
    if (this.pieces.length > 0) {
      this.joined.push(this.pieces.join(this.separator));
      this.pieces = [];
    }
    return this.joined;
  }

  /** Every piece so far, in order, with `separator` between them (as Array.join). */
  join(): string {
    return this.parts().join(this.separator);
  }
}
