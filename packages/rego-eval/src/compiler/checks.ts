/** Module-level checks that need no resolution: root documents shadowed by arguments, v1/strict rule names. */
import type { Module, Term } from '@rego-ts/rego-parser';
import type { BuiltinDef } from '../eval/builtin-types.js';
import type { ErrorSink } from './compile.js';

export interface CheckOpts {
  v1: boolean;
  strict: boolean;
  builtins: ReadonlyMap<string, BuiltinDef>;
}

export function checkModule(m: Module, sink: ErrorSink, opts: CheckOpts): void {
  for (const r of m.rules) {
    // OPA's resolveRefs (its first stage, v0 and v1 alike): the first argument that is `input`
    // or `data` itself; arrays and objects are searched, sets, comprehensions and calls not.
    for (const a of r.head.args ?? []) {
      const root = shadowedRoot(a);
      if (root) {
        // Reported at the rule, as OPA's rule-level error.
        sink.add('rego_compile_error', `args must not shadow ${root} (use a different variable name)`, r.location, ARG_SHADOW_STAGE);
        break;
      }
    }
    if (!opts.v1) continue;
    const first = r.head.ref[0];
    const name = first && first.type === 'var' ? first.value : r.head.name;
    if (name === 'input' || name === 'data') {
      sink.add('rego_compile_error', `rules must not shadow ${name} (use a different rule name)`, r.location);
    }
  }
}

/** Stage of OPA's resolveRefs, before every other compile check. */
const ARG_SHADOW_STAGE = 0.1;

function shadowedRoot(t: Term): string | undefined {
  switch (t.type) {
    case 'var':
      return t.value === 'input' || t.value === 'data' ? t.value : undefined;
    case 'ref':
      return t.value.length === 1 && t.value[0]!.type === 'var' ? shadowedRoot(t.value[0]!) : undefined;
    case 'array':
      for (const x of t.value) {
        const r = shadowedRoot(x);
        if (r) return r;
      }
      return undefined;
    case 'object':
      for (const [k, v] of t.value) {
        const r = shadowedRoot(k) ?? shadowedRoot(v);
        if (r) return r;
      }
      return undefined;
    default:
      return undefined;
  }
}
