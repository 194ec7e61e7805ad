/**
 * @module
 * Which configured regular expressions may backtrack catastrophically. Config patterns run in
 * JavaScript's backtracking engine against target bodies (the first 64 KiB), so the config refuses the
 * shapes that make it take exponential (or high polynomial) time, and the evaluator refuses them again
 * should one slip through:
 * - a repeated group holding another variable quantifier: `(a+)+`, `(\w*)*`, `(.*a){20}`;
 * - a repeated alternation whose branches can start with the same character: `(a|aa)*`, `(\w|\d)+`;
 * - a back-reference: `(a)\1`, `\k<name>` (no linear-time engine supports them).
 * Patterns are parsed as the JavaScript engine reads them without flags (config patterns have none).
 * A repeated group whose every pass must begin (or end) with a character its inner quantifiers cannot
 * take is unambiguous and passes: `[a-z]+(-[a-z]+)*`, `(\d{1,3}\.){3}`.
 * Linear shapes pass: `^v\d+\.\d+`, `(?:GET|POST)+`, `"status":\s*"ok"`.
 * Not caught: several unbounded quantifiers in a row over the same characters (`.*a.*b.*c`), which
 * are polynomial; bodies searched are cut to 64 KiB for that reason.
 */

/** Why a pattern is refused, in a reader's words; undefined when it is safe to run. */
export function catastrophicReason(source: string): string | undefined {
  let tree: Node;
  try {
    tree = new Parser(source).parse();
  } catch {
    return undefined; // does not compile: the compile check names that
  }
  return find(tree, false);
}

/** A set of characters: the ASCII ones as bits, and whether it may match any other character. */
interface Chars {
  ascii: bigint;
  other: boolean;
}

type Node =
  | { kind: "chars"; chars: Chars }
  | { kind: "empty" } // anchors, \b, lookarounds: match no character
  | { kind: "seq"; items: Node[] }
  | { kind: "alt"; branches: Node[] }
  | { kind: "group"; body: Node; look: boolean }
  | { kind: "repeat"; body: Node; min: number; max: number }
  | { kind: "backref" };

const ALL: Chars = { ascii: (1n << 128n) - 1n, other: true };
const NONE: Chars = { ascii: 0n, other: false };

function range(from: number, to: number): Chars {
  let ascii = 0n;
  for (let c = from; c <= Math.min(to, 127); c += 1) ascii |= 1n << BigInt(c);
  return { ascii, other: to > 127 };
}
const union = (a: Chars, b: Chars): Chars => ({ ascii: a.ascii | b.ascii, other: a.other || b.other });
const negate = (a: Chars): Chars => ({ ascii: ALL.ascii & ~a.ascii, other: true });
const overlaps = (a: Chars, b: Chars) => (a.ascii & b.ascii) !== 0n || (a.other && b.other);

const DIGIT = range(48, 57);
const WORD = [range(48, 57), range(65, 90), range(97, 122), range(95, 95)].reduce(union);
const SPACE: Chars = { ascii: [9, 10, 11, 12, 13, 32].reduce((n, c) => n | (1n << BigInt(c)), 0n), other: true };
const DOT = negate({ ascii: (1n << 10n) | (1n << 13n), other: false });

class Parser {
  #i = 0;
  readonly #s: string;
  constructor(source: string) {
    this.#s = source;
  }

  parse(): Node {
    const node = this.#alt();
    if (this.#i < this.#s.length) throw new Error("unbalanced )");
    return node;
  }

  #alt(): Node {
    const branches = [this.#seq()];
    while (this.#s[this.#i] === "|") {
      this.#i += 1;
      branches.push(this.#seq());
    }
    return branches.length === 1 ? (branches[0] as Node) : { kind: "alt", branches };
  }

  #seq(): Node {
    const items: Node[] = [];
    while (this.#i < this.#s.length && this.#s[this.#i] !== "|" && this.#s[this.#i] !== ")") {
      const atom = this.#atom();
      items.push(this.#quantified(atom));
    }
    return { kind: "seq", items };
  }

  #quantified(atom: Node): Node {
    const s = this.#s;
    let min: number;
    let max: number;
    const c = s[this.#i];
    if (c === "*" || c === "+" || c === "?") {
      this.#i += 1;
      [min, max] = c === "*" ? [0, Infinity] : c === "+" ? [1, Infinity] : [0, 1];
    } else if (c === "{") {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(s.slice(this.#i));
      if (!m) return atom; // a literal brace
      this.#i += m[0].length;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] ? Number(m[3]) : Infinity;
    } else return atom;
    if (s[this.#i] === "?") this.#i += 1; // lazy: the same search space
    return this.#quantified({ kind: "repeat", body: atom, min, max });
  }

  #atom(): Node {
    const s = this.#s;
    const c = s[this.#i] as string;
    this.#i += 1;
    if (c === "^" || c === "$") return { kind: "empty" };
    if (c === ".") return { kind: "chars", chars: DOT };
    if (c === "[") return { kind: "chars", chars: this.#class() };
    if (c === "(") {
      let look = false;
      if (s.startsWith("?:", this.#i)) this.#i += 2;
      else if (s.startsWith("?=", this.#i) || s.startsWith("?!", this.#i)) {
        this.#i += 2;
        look = true;
      } else if (s.startsWith("?<=", this.#i) || s.startsWith("?<!", this.#i)) {
        this.#i += 3;
        look = true;
      } else if (s.startsWith("?<", this.#i)) this.#i = s.indexOf(">", this.#i) + 1;
      const body = this.#alt();
      if (s[this.#i] !== ")") throw new Error("unclosed (");
      this.#i += 1;
      return { kind: "group", body, look };
    }
    if (c === "\\") return this.#escape(false);
    return { kind: "chars", chars: range(c.charCodeAt(0), c.charCodeAt(0)) };
  }

  /** After a backslash; in a class, `\b` is a backspace and back-references do not exist. */
  #escape(inClass: boolean): Node & { kind: "chars" | "empty" | "backref" } {
    const s = this.#s;
    const c = s[this.#i] as string;
    this.#i += 1;
    const chars = (set: Chars) => ({ kind: "chars" as const, chars: set });
    switch (c) {
      case "d":
        return chars(DIGIT);
      case "D":
        return chars(negate(DIGIT));
      case "w":
        return chars(WORD);
      case "W":
        return chars(negate(WORD));
      case "s":
        return chars(SPACE);
      case "S":
        return chars(negate(SPACE));
      case "b":
      case "B":
        return inClass ? chars(range(8, 8)) : { kind: "empty" };
      case "k":
        if (!inClass && s[this.#i] === "<") return { kind: "backref" };
        return chars(range(107, 107));
      case "x": {
        const m = /^[0-9a-fA-F]{2}/.exec(s.slice(this.#i));
        if (!m) return chars(range(120, 120));
        this.#i += 2;
        const code = Number.parseInt(m[0], 16);
        return chars(range(code, code));
      }
      case "u": {
        const m = /^[0-9a-fA-F]{4}/.exec(s.slice(this.#i));
        if (!m) return chars(range(117, 117));
        this.#i += 4;
        const code = Number.parseInt(m[0], 16);
        return chars(range(code, code));
      }
      case "c":
        if (/[A-Za-z]/.test(s[this.#i] ?? "")) {
          const code = (s.charCodeAt(this.#i) % 32) as number;
          this.#i += 1;
          return chars(range(code, code));
        }
        return chars(range(92, 92));
      case "n":
        return chars(range(10, 10));
      case "r":
        return chars(range(13, 13));
      case "t":
        return chars(range(9, 9));
      case "f":
        return chars(range(12, 12));
      case "v":
        return chars(range(11, 11));
      case "0":
        return chars(range(0, 0));
      default:
        if (/[1-9]/.test(c) && !inClass) {
          while (/[0-9]/.test(s[this.#i] ?? "")) this.#i += 1;
          return { kind: "backref" };
        }
        return chars(range(c.charCodeAt(0), c.charCodeAt(0)));
    }
  }

  #class(): Chars {
    const s = this.#s;
    let negated = false;
    if (s[this.#i] === "^") {
      negated = true;
      this.#i += 1;
    }
    let set = NONE;
    while (this.#i < s.length && s[this.#i] !== "]") {
      const from = this.#classAtom();
      if (s[this.#i] === "-" && s[this.#i + 1] !== "]" && this.#i + 1 < s.length) {
        this.#i += 1;
        const to = this.#classAtom();
        const lo = lowest(from);
        const hi = lowest(to);
        set = union(set, lo !== undefined && hi !== undefined && lo <= hi ? range(lo, hi) : union(from, to));
      } else set = union(set, from);
    }
    if (s[this.#i] !== "]") throw new Error("unclosed [");
    this.#i += 1;
    return negated ? negate(set) : set;
  }

  #classAtom(): Chars {
    const c = this.#s[this.#i] as string;
    this.#i += 1;
    if (c === "\\") {
      const escaped = this.#escape(true);
      return escaped.kind === "chars" ? escaped.chars : NONE;
    }
    return range(c.charCodeAt(0), c.charCodeAt(0));
  }
}

/** The one character a single-character set holds (for class ranges), else undefined. */
function lowest(set: Chars): number | undefined {
  if (set.other || set.ascii === 0n || (set.ascii & (set.ascii - 1n)) !== 0n) return undefined;
  return set.ascii.toString(2).length - 1;
}

/** Whether a node can match a varying number of characters by repeating (a variable quantifier inside). */
function hasVariableRepeat(node: Node): boolean {
  switch (node.kind) {
    case "repeat":
      return node.min !== node.max || hasVariableRepeat(node.body);
    case "seq":
      return node.items.some(hasVariableRepeat);
    case "alt":
      return node.branches.some(hasVariableRepeat);
    case "group":
      return !node.look && hasVariableRepeat(node.body);
    default:
      return false;
  }
}

/** Every character a node can match. */
function charsOf(node: Node): Chars {
  switch (node.kind) {
    case "chars":
      return node.chars;
    case "backref":
      return ALL;
    case "empty":
      return NONE;
    case "group":
      return node.look ? NONE : charsOf(node.body);
    case "repeat":
      return charsOf(node.body);
    case "seq":
      return node.items.map(charsOf).reduce(union, NONE);
    case "alt":
      return node.branches.map(charsOf).reduce(union, NONE);
  }
}

/** Characters the variable quantifiers inside a node can take. */
function variableChars(node: Node): Chars {
  switch (node.kind) {
    case "repeat":
      return node.min !== node.max ? charsOf(node.body) : variableChars(node.body);
    case "group":
      return node.look ? NONE : variableChars(node.body);
    case "seq":
      return node.items.map(variableChars).reduce(union, NONE);
    case "alt":
      return node.branches.map(variableChars).reduce(union, NONE);
    default:
      return NONE;
  }
}

/**
 * Whether every pass of a repeated body starts or ends with one required character that none of its
 * variable quantifiers can take (`-[a-z]+`, `\d{1,3}\.`): then where one pass ends is never in doubt.
 */
function delimited(body: Node): boolean {
  let node = body;
  while (node.kind === "group" && !node.look) node = node.body;
  if (node.kind !== "seq") return false;
  const inner = variableChars(node);
  const ends = [node.items[0], node.items.at(-1)];
  return ends.some((end) => end?.kind === "chars" && !overlaps(end.chars, inner));
}

/** The characters a node's match can start with, and whether it can match the empty string. */
function first(node: Node): { chars: Chars; nullable: boolean } {
  switch (node.kind) {
    case "chars":
      return { chars: node.chars, nullable: false };
    case "empty":
      return { chars: NONE, nullable: true };
    case "backref":
      return { chars: ALL, nullable: true };
    case "group":
      return node.look ? { chars: NONE, nullable: true } : first(node.body);
    case "repeat": {
      const inner = first(node.body);
      return { chars: inner.chars, nullable: node.min === 0 || inner.nullable };
    }
    case "alt":
      return node.branches.map(first).reduce((a, b) => ({
        chars: union(a.chars, b.chars),
        nullable: a.nullable || b.nullable,
      }));
    case "seq": {
      let chars = NONE;
      for (const item of node.items) {
        const f = first(item);
        chars = union(chars, f.chars);
        if (!f.nullable) return { chars, nullable: false };
      }
      return { chars, nullable: true };
    }
  }
}

/** Alternations inside a node (not inside lookarounds), whose branches could take the same character. */
function overlappingAlternation(node: Node): boolean {
  switch (node.kind) {
    case "alt": {
      const starts = node.branches.map(first);
      for (let i = 0; i < starts.length; i += 1)
        for (let j = i + 1; j < starts.length; j += 1) {
          const a = starts[i] as { chars: Chars; nullable: boolean };
          const b = starts[j] as { chars: Chars; nullable: boolean };
          if (overlaps(a.chars, b.chars) || a.nullable || b.nullable) return true;
        }
      return node.branches.some(overlappingAlternation);
    }
    case "seq":
      return node.items.some(overlappingAlternation);
    case "group":
      return !node.look && overlappingAlternation(node.body);
    case "repeat":
      return overlappingAlternation(node.body);
    default:
      return false;
  }
}

/** The first catastrophic shape in a tree, described; `repeated` says an enclosing quantifier repeats it. */
function find(node: Node, repeated: boolean): string | undefined {
  switch (node.kind) {
    case "backref":
      return "a back-reference (\\1, \\k<name>) can take exponential time";
    case "repeat": {
      const repeats = node.max > 1;
      if (repeats && hasVariableRepeat(node.body) && !delimited(node.body))
        return "a repeated group holds another quantifier (as in (a+)+ or (.*a){20}), which can take exponential time";
      if (repeats && overlappingAlternation(node.body))
        return "a repeated alternation has branches that can match the same text (as in (a|aa)*), which can take exponential time";
      return find(node.body, repeated || repeats);
    }
    case "seq":
      for (const item of node.items) {
        const reason = find(item, repeated);
        if (reason) return reason;
      }
      return undefined;
    case "alt":
      for (const branch of node.branches) {
        const reason = find(branch, repeated);
        if (reason) return reason;
      }
      return undefined;
    case "group":
      return find(node.body, repeated);
    default:
      return undefined;
  }
}
