/**
 * A tiny XML well-formedness checker and parser for the plot tests (no dependency): tags
 * balance, attributes are quoted and unique, entities are known, no raw `<` or `&` in text.
 * It skips one leading `<?xml …?>` and `<!DOCTYPE …>` so XHTML-style HTML parses too.
 */

export interface XmlElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly (XmlElement | string)[];
}

const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function isNameStart(ch: string): boolean {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch === '_' || ch === ':';
}

function isNameChar(ch: string): boolean {
  return isNameStart(ch) || (ch >= '0' && ch <= '9') || ch === '-' || ch === '.';
}

function isSpace(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\n' || ch === '\t' || ch === '\r';
}

class Parser {
  pos = 0;
  constructor(readonly src: string) {}

  fail(what: string): never {
    throw new Error(`XML not well-formed at ${this.pos}: ${what}; near ${JSON.stringify(this.src.slice(Math.max(0, this.pos - 30), this.pos + 30))}`);
  }

  peek(s: string): boolean {
    return this.src.startsWith(s, this.pos);
  }

  skipSpace(): void {
    while (isSpace(this.src[this.pos])) this.pos++;
  }

  skipPast(end: string): void {
    const i = this.src.indexOf(end, this.pos);
    if (i < 0) this.fail(`missing ${end}`);
    this.pos = i + end.length;
  }

  name(): string {
    const start = this.pos;
    if (!isNameStart(this.src[this.pos] ?? '')) this.fail('expected a name');
    while (isNameChar(this.src[this.pos] ?? '')) this.pos++;
    return this.src.slice(start, this.pos);
  }

  /** Decodes text up to `stop`, checking entities and forbidding raw '<'. */
  chars(stop: (ch: string) => boolean): string {
    let out = '';
    while (this.pos < this.src.length && !stop(this.src[this.pos]!)) {
      const ch = this.src[this.pos]!;
      if (ch === '<') this.fail("raw '<'");
      if (ch === '&') {
        const end = this.src.indexOf(';', this.pos);
        if (end < 0 || end - this.pos > 10) this.fail("raw '&'");
        const ent = this.src.slice(this.pos + 1, end);
        let decoded: string | undefined;
        if (ent.startsWith('#x')) decoded = /^#x[0-9a-fA-F]+$/.test(ent) ? String.fromCodePoint(Number.parseInt(ent.slice(2), 16)) : undefined;
        else if (ent.startsWith('#')) decoded = /^#[0-9]+$/.test(ent) ? String.fromCodePoint(Number(ent.slice(1))) : undefined;
        else decoded = NAMED[ent];
        if (decoded === undefined) this.fail(`unknown entity &${ent};`);
        out += decoded;
        this.pos = end + 1;
      } else {
        out += ch;
        this.pos++;
      }
    }
    return out;
  }

  element(): XmlElement {
    if (!this.peek('<')) this.fail("expected '<'");
    this.pos++;
    const name = this.name();
    const attrs: Record<string, string> = {};
    for (;;) {
      const hadSpace = isSpace(this.src[this.pos]);
      this.skipSpace();
      if (this.peek('/>')) {
        this.pos += 2;
        return { name, attrs, children: [] };
      }
      if (this.peek('>')) {
        this.pos++;
        break;
      }
      if (!hadSpace) this.fail('expected a space before an attribute');
      const key = this.name();
      if (key in attrs) this.fail(`duplicate attribute ${key}`);
      this.skipSpace();
      if (!this.peek('=')) this.fail(`attribute ${key} without '='`);
      this.pos++;
      this.skipSpace();
      const q = this.src[this.pos];
      if (q !== '"' && q !== "'") this.fail(`attribute ${key} not quoted`);
      this.pos++;
      attrs[key] = this.chars((ch) => ch === q);
      if (this.src[this.pos] !== q) this.fail(`attribute ${key} not closed`);
      this.pos++;
    }
    const children: (XmlElement | string)[] = [];
    for (;;) {
      if (this.pos >= this.src.length) this.fail(`<${name}> not closed`);
      if (this.peek('</')) {
        this.pos += 2;
        const close = this.name();
        if (close !== name) this.fail(`</${close}> closes <${name}>`);
        this.skipSpace();
        if (!this.peek('>')) this.fail("expected '>'");
        this.pos++;
        return { name, attrs, children };
      }
      if (this.peek('<!--')) this.skipPast('-->');
      else if (this.peek('<')) children.push(this.element());
      else children.push(this.chars((ch) => ch === '<'));
    }
  }

  document(): XmlElement {
    this.skipSpace();
    if (this.peek('<?xml')) this.skipPast('?>');
    this.skipSpace();
    if (this.peek('<!DOCTYPE')) this.skipPast('>');
    this.skipSpace();
    const root = this.element();
    this.skipSpace();
    if (this.pos !== this.src.length) this.fail('content after the root element');
    return root;
  }
}

/** Parses a document, throwing an Error that says where it is not well-formed. */
export function parseXml(src: string): XmlElement {
  return new Parser(src).document();
}

/** All elements named `name` (and with class `cls`, if given), in document order. */
export function findAll(root: XmlElement, name: string, cls?: string): XmlElement[] {
  const out: XmlElement[] = [];
  const visit = (el: XmlElement): void => {
    if (el.name === name && (cls === undefined || (el.attrs.class ?? '').split(' ').includes(cls))) out.push(el);
    for (const c of el.children) if (typeof c !== 'string') visit(c);
  };
  visit(root);
  return out;
}

/** The concatenated text of an element and its descendants. */
export function textOf(el: XmlElement): string {
  return el.children.map((c) => (typeof c === 'string' ? c : textOf(c))).join('');
}

/** Parses path data of M/L commands into subpaths of [x, y] points (arcs count as one point). */
export function subpaths(d: string): [number, number][][] {
  const out: [number, number][][] = [];
  for (const part of d.split('M').filter((p) => p !== '')) {
    const head = part.split('a')[0] ?? '';
    out.push(head.split('L').map((xy) => xy.split(',').map(Number) as [number, number]));
  }
  return out;
}
