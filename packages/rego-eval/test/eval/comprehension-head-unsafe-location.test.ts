import { describe, expect, it } from 'vitest';
import { compile, RegoErrors } from '../../src/index.js';

/** `message row:col` of each compile error. */
function errorsAt(source: string, strict = false): string[] {
  try {
    compile({ modules: [{ file: 'm.rego', source }], strict });
    return [];
  } catch (e) {
    if (!(e instanceof RegoErrors)) throw e;
    return e.errors.map((x) => `${x.message} ${x.location?.row}:${x.location?.col}`);
  }
}

// A comprehension head var its body never binds is reported where OPA's check of the enclosing
// body finds it: at the expression holding the comprehension, or at the head term or `with`
// value that OPA moves into an expression of its own. Expected positions: `opa check --format
// json` v1.17.1.
describe('unsafe comprehension head vars are reported at the enclosing expression', () => {
  it('in bodies, nested comprehensions and every', () => {
    const source = `package p

r2 if {
	y := [1 |
		z := [a |
			true
		]
	]
}

r3 contains 1 if {
	every q in [1] {
		count({b | true}) > q
	}
}

r4 if {
	u := 1
	{c: 1 | true} == {}
}
`;
    expect(errorsAt(source)).toEqual(['var a is unsafe 5:3', 'var b is unsafe 13:3', 'var c is unsafe 19:2']);
  });

  it('in head terms, arguments and with values', () => {
    const source = `package p

r5 := {"a": [x | true]}

r6 contains {"b": [y | true]} if { true }

f([z | true]) := 1

r7 if { u := 1 with input as [w | true] }
`;
    expect(errorsAt(source)).toEqual(['var x is unsafe 3:7', 'var y is unsafe 5:13', 'var z is unsafe 7:3', 'var w is unsafe 9:30']);
  });
});

describe('declarations of an expression holding a comprehension', () => {
  it('are reported at that expression, not at the last expression of the comprehension', () => {
    // `opa check --strict --format json` v1.17.1: 4:2.
    const source = 'package p\n\nr if {\n\tx := [1 |\n\t\ty := 2\n\t\ty > 1\n\t]\n}\n';
    expect(errorsAt(source, true)).toEqual(['assigned var x unused 4:2']);
  });
});
