/**
 * A seeded generator of random, mostly well-formed Rego modules (rules, bodies, terms,
 * imports) for differential tests against `opa parse`.
 */
export class RandomRego {
  private seed: number;
  private depth = 0;

  constructor(seed: number) {
    this.seed = seed;
  }

  private rnd(): number {
    this.seed = (this.seed * 1103515245 + 12345) % 2147483648;
    return this.seed / 2147483648;
  }

  private pick<X>(xs: X[]): X {
    return xs[Math.floor(this.rnd() * xs.length)]!;
  }

  term(): string {
    if (this.depth > 3) return this.pick(['x', '1', '"s"', 'input.a', '_', 'null', 'true', '-1', '0.5', 'data.x[_]']);
    this.depth++;
    const t = this.pick<() => string>([
      () => 'x',
      () => 'y',
      () => '1',
      () => '"s"',
      () => '`raw`',
      () => 'input.a.b',
      () => 'x[_]',
      () => 'data.p[y]',
      () => `[${this.term()}, ${this.term()}]`,
      () => `{${this.term()}}`,
      () => `{${this.term()}: ${this.term()}}`,
      () => `[${this.term()} | ${this.literal()}]`,
      () => `{${this.term()} | ${this.literal()}}`,
      () => `{${this.term()}: ${this.term()} | ${this.literal()}}`,
      () => `f(${this.term()})`,
      () => `count(${this.term()})`,
      () => `${this.term()} ${this.pick(['+', '-', '*', '/', '%', '&', '|', '==', '!=', '<', '>=', 'in'])} ${this.term()}`,
      () => `(${this.term()})`,
      () => `-${this.pick(['x', 'input.a', '1'])}`,
      () => `$"a{${this.term()}}b"`,
      () => 'set()',
      () => `${this.term()}[${this.term()}]`,
      () => `${this.pick(['x', 'y'])}, ${this.pick(['k', 'v'])} in ${this.term()}`,
      () => '{}',
      () => '[]',
    ])();
    this.depth--;
    return t;
  }

  literal(): string {
    return this.pick<() => string>([
      () => this.term(),
      () => `x := ${this.term()}`,
      () => `${this.term()} = ${this.term()}`,
      () => `not ${this.term()}`,
      () => `some x in ${this.term()}`,
      () => `some k, v in ${this.term()}`,
      () => 'some x',
      () => `every x in ${this.term()} { ${this.literal()} }`,
      () => `${this.term()} with input as ${this.term()}`,
      () => `x := ${this.term()}\n${this.literal()}`,
      () => `${this.literal()}; ${this.literal()}`,
    ])();
  }

  rule(): string {
    return this.pick<() => string>([
      () => `p if { ${this.literal()} }`,
      () => `p { ${this.literal()} }`,
      () => `p[x] { ${this.literal()} }`,
      () => `p contains x if { ${this.literal()} }`,
      () => `p := ${this.term()}`,
      () => `p = ${this.term()} { ${this.literal()} }`,
      () => `f(x) := ${this.term()} if ${this.literal()}`,
      () => `f(x, _) { ${this.literal()} }`,
      () => `default p := ${this.term()}`,
      () => `p := 1 if { ${this.literal()} } else := 2 if { ${this.literal()} } else := 3`,
      () => `p.q[x].r := ${this.term()} if { ${this.literal()} }`,
      () => `p if { ${this.literal()} } { ${this.literal()} }`,
      () => this.literal(),
      () => `p[x] = y { ${this.literal()} }`,
      () => `p if ${this.literal()}`,
    ])();
  }

  module(): string {
    const imports = this.pick(['', '', 'import future.keywords\n', 'import rego.v1\n', 'import future.keywords.in\n']);
    return `package a\n${imports}${this.rule()}\n${this.rule()}\n`;
  }
}
