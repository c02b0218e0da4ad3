import { isMap, isScalar, type LineCounter, type Document, type ParsedNode } from 'yaml';

type Path = (string | number)[];

/**
 * Where a path of a parsed YAML document is in its file (1-based line and
 * column of the value, or of the nearest ancestor that exists). A schedule
 * error's character offset is added inside a scalar, so the column points at
 * the wrong cron field itself.
 */
export class YamlLocator {
  constructor(
    private readonly doc: Document.Parsed,
    private readonly lines: LineCounter,
  ) {}

  private position(offset: number): { line: number; column: number } {
    const { line, col } = this.lines.linePos(offset);
    return { line, column: col };
  }

  at(path: Path, offsetInValue?: number): { line: number; column: number } {
    for (let n = path.length; n >= 0; n--) {
      const node = this.doc.getIn(path.slice(0, n), true) as ParsedNode | undefined;
      if (node?.range) {
        let start = node.range[0];
        if (n === path.length && offsetInValue !== undefined && isScalar(node)) {
          start += (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE' ? 1 : 0) + offsetInValue;
        }
        return this.position(start);
      }
    }
    return this.position(this.doc.range[0]);
  }

  /** The position of a key in the map at `parent`. */
  key(parent: Path, key: string): { line: number; column: number } {
    const map = parent.length === 0 ? this.doc.contents : this.doc.getIn(parent, true);
    if (isMap(map)) {
      for (const pair of map.items) {
        const k = pair.key as ParsedNode | null;
        if (isScalar(k) && String(k.value) === key && k.range) return this.position(k.range[0]);
      }
    }
    return this.at(parent);
  }

  /** Keys of the map at `parent`, as written. */
  keys(parent: Path): string[] {
    const map = parent.length === 0 ? this.doc.contents : this.doc.getIn(parent, true);
    if (!isMap(map)) return [];
    return map.items.map((pair) => (isScalar(pair.key) ? String(pair.key.value) : String(pair.key)));
  }
}
