/** Module-level checks that need no resolution: v1/strict rule-name restrictions. */
import type { Module, Term } from '@rego-ts/rego-parser';
import type { BuiltinDef } from '../eval/builtin-types.js';
import type { ErrorSink } from './compile.js';

export interface CheckOpts {
  v1: boolean;
  strict: boolean;
  builtins: ReadonlyMap<string, BuiltinDef>;
}

export function checkModule(m: Module, sink: ErrorSink, opts: CheckOpts): void {
  if (!opts.v1) return;
  for (const r of m.rules) {
    const first = r.head.ref[0];
    const name = first && first.type === 'var' ? first.value : r.head.name;
    if (name === 'input' || name === 'data') {
      sink.add('rego_compile_error', `rules must not shadow ${name} (use a different rule name)`, r.location);
    }
    for (const a of r.head.args ?? []) checkArg(a, sink);
  }
}

function checkArg(t: Term, sink: ErrorSink): void {
  if (t.type === 'var' && (t.value === 'input' || t.value === 'data')) {
    sink.add('rego_compile_error', `args must not shadow ${t.value} (use a different variable name)`, t.location);
  }
}
