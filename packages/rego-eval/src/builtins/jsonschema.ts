/**
 * json.verify_schema / json.match_schema: JSON Schema (draft 4–7 core keywords) with the
 * error texts, types and field paths of gojsonschema, which OPA uses.
 */
import { compare, equal } from '../value/compare.js';
import { ObjectBuilder, objectEntries, objectGet } from '../value/collections.js';
import { parseJSON, toJSONText } from '../value/json.js';
import { isInteger, toFloat, type Num } from '../value/number.js';
import { RegoNumber, type ObjectValue, type Value } from '../value/types.js';
import { isNum, isObj } from './args.js';
import { fail } from './errors.js';
import { compileRegex } from './regex.js';
import type { BuiltinTable } from './registry.js';
import { cpLength } from './strutil.js';

class SchemaErr extends Error {}

const TYPES = ['array', 'boolean', 'integer', 'number', 'null', 'object', 'string'];

function load(v: Value): Value {
  if (typeof v === 'string') {
    try {
      return parseJSON(v);
    } catch {
      throw new SchemaErr('invalid JSON string');
    }
  }
  if (isObj(v) || Array.isArray(v)) return v;
  throw new SchemaErr('wrong type, expected string or object');
}

/** Compile-time checks gojsonschema performs on a schema (the ones users hit). */
function checkSchema(s: Value): void {
  if (typeof s === 'boolean') return;
  if (!isObj(s)) throw new SchemaErr('Invalid type. Expected: object, given: ' + jsType(s));
  const t = objectGet(s, 'type');
  if (t !== undefined) {
    const list = Array.isArray(t) ? t : [t];
    for (const x of list) {
      if (typeof x !== 'string' || !TYPES.includes(x)) {
        throw new SchemaErr(`has a primitive type that is NOT VALID -- given: /${typeof x === 'string' ? x : toJSONText(x)}/ Expected valid values are:[${TYPES.join(' ')}]`);
      }
    }
  }
  for (const k of ['properties', 'patternProperties', 'definitions', '$defs']) {
    const p = objectGet(s, k);
    if (p !== undefined && isObj(p)) for (const [, sub] of objectEntries(p)) checkSchema(sub);
  }
  for (const k of ['items', 'additionalProperties', 'additionalItems', 'not', 'contains', 'propertyNames', 'if', 'then', 'else']) {
    const sub = objectGet(s, k);
    if (sub === undefined) continue;
    if (Array.isArray(sub)) sub.forEach(checkSchema);
    else if (isObj(sub) || typeof sub === 'boolean') checkSchema(sub);
  }
  for (const k of ['allOf', 'anyOf', 'oneOf']) {
    const l = objectGet(s, k);
    if (Array.isArray(l)) l.forEach(checkSchema);
  }
  const pattern = objectGet(s, 'pattern');
  if (typeof pattern === 'string') {
    try {
      compileRegex(pattern);
    } catch {
      throw new SchemaErr(`Invalid regex pattern '${pattern}'`);
    }
  }
}

function jsType(v: Value): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'string') return 'string';
  if (isNum(v)) return isInteger(v) ? 'integer' : 'number';
  if (Array.isArray(v)) return 'array';
  return 'object';
}

interface Err {
  type: string;
  field: string;
  desc: string;
}

const fmtNum = (n: Value) => (typeof n === 'number' || n instanceof RegoNumber ? toJSONText(n) : String(n));

function validate(s: Value, v: Value, path: string[], errs: Err[], root: Value): void {
  const field = path.length ? path.join('.') : '(Root)';
  const add = (type: string, desc: string) => errs.push({ type, field, desc });
  if (s === true) return;
  if (s === false) {
    add('false', 'False always fails validation');
    return;
  }
  if (!isObj(s)) return;
  const ref = objectGet(s, '$ref');
  if (typeof ref === 'string' && ref.startsWith('#')) {
    let target: Value | undefined = root;
    for (const part of ref.slice(1).split('/').filter(Boolean)) target = isObj(target!) ? objectGet(target!, decodeURIComponent(part.replaceAll('~1', '/').replaceAll('~0', '~'))) : undefined;
    if (target !== undefined) validate(target, v, path, errs, root);
    return;
  }
  const t = objectGet(s, 'type');
  if (t !== undefined) {
    const list = (Array.isArray(t) ? t : [t]) as string[];
    const actual = jsType(v);
    const ok = list.includes(actual) || (actual === 'integer' && list.includes('number'));
    if (!ok) {
      add('invalid_type', `Invalid type. Expected: ${list.length > 1 ? `[${list.join(',')}]` : list[0]}, given: ${actual}`);
      return;
    }
  }
  for (const k of ['allOf', 'anyOf', 'oneOf'] as const) {
    const l = objectGet(s, k);
    if (!Array.isArray(l)) continue;
    const results = l.map((sub) => {
      const e: Err[] = [];
      validate(sub, v, path, e, root);
      return e;
    });
    const passing = results.filter((r) => r.length === 0).length;
    if (k === 'allOf' && passing !== l.length) {
      for (const r of results) errs.push(...r);
      add('number_all_of', 'Must validate all the schemas (allOf)');
    }
    // gojsonschema adds the errors of the best-scoring alternative (approximated: the first).
    const best = results.find((r) => r.length > 0);
    if (k === 'anyOf' && passing === 0) {
      add('number_any_of', 'Must validate at least one schema (anyOf)');
      if (best) errs.push(...best);
    }
    if (k === 'oneOf' && passing !== 1) {
      add('number_one_of', 'Must validate one and only one schema (oneOf)');
      if (passing === 0 && best) errs.push(...best);
    }
  }
  const common = () => {
    const cn = objectGet(s, 'const');
    if (cn !== undefined && !equal(cn, v)) add('const', `${field} does not match: ${toJSONText(cn)}`);
    const en = objectGet(s, 'enum');
    if (Array.isArray(en) && !en.some((e) => equal(e, v))) add('enum', `${field} must be one of the following: ${en.map((e) => toJSONText(e)).join(', ')}`);
  };
  const not = objectGet(s, 'not');
  if (not !== undefined) {
    const e: Err[] = [];
    validate(not, v, path, e, root);
    if (e.length === 0) add('number_not', 'Must not validate the schema (not)');
  }
  if (typeof v === 'string') {
    const len = cpLength(v);
    const min = objectGet(s, 'minLength');
    const max = objectGet(s, 'maxLength');
    if (min !== undefined && isNum(min) && len < toFloat(min)) add('string_gte', `String length must be greater than or equal to ${fmtNum(min)}`);
    if (max !== undefined && isNum(max) && len > toFloat(max)) add('string_lte', `String length must be less than or equal to ${fmtNum(max)}`);
    const pattern = objectGet(s, 'pattern');
    if (typeof pattern === 'string' && !compileRegex(pattern).re.test(v)) add('pattern', `Does not match pattern '${pattern}'`);
  }
  if (isNum(v)) {
    const x = v as Num;
    const num = (k: string) => {
      const n = objectGet(s, k);
      return n !== undefined && isNum(n) ? n : undefined;
    };
    const mn = num('minimum');
    const mx = num('maximum');
    const emn = objectGet(s, 'exclusiveMinimum');
    const emx = objectGet(s, 'exclusiveMaximum');
    const c = (a: Num, b: Num) => compare(a, b);
    if (mn !== undefined) {
      if (emn === true ? c(x, mn) <= 0 : c(x, mn) < 0) add(emn === true ? 'number_gt' : 'number_gte', emn === true ? `Must be greater than ${fmtNum(mn)}` : `Must be greater than or equal to ${fmtNum(mn)}`);
    }
    if (mx !== undefined) {
      if (emx === true ? c(x, mx) >= 0 : c(x, mx) > 0) add(emx === true ? 'number_lt' : 'number_lte', emx === true ? `Must be less than ${fmtNum(mx)}` : `Must be less than or equal to ${fmtNum(mx)}`);
    }
    if (emn !== undefined && isNum(emn) && c(x, emn) <= 0) add('number_gt', `Must be greater than ${fmtNum(emn)}`);
    if (emx !== undefined && isNum(emx) && c(x, emx) >= 0) add('number_lt', `Must be less than ${fmtNum(emx)}`);
    const mo = num('multipleOf');
    if (mo !== undefined) {
      const q = toFloat(x) / toFloat(mo);
      if (Math.abs(q - Math.round(q)) > 1e-9) add('multiple_of', `Must be a multiple of ${fmtNum(mo)}`);
    }
  }
  if (Array.isArray(v)) {
    const min = objectGet(s, 'minItems');
    const max = objectGet(s, 'maxItems');
    if (min !== undefined && isNum(min) && v.length < toFloat(min)) add('array_min_items', `Array must have at least ${fmtNum(min)} items`);
    if (max !== undefined && isNum(max) && v.length > toFloat(max)) add('array_max_items', `Array must have at most ${fmtNum(max)} items`);
    if (objectGet(s, 'uniqueItems') === true) {
      outer: for (let i = 0; i < v.length; i++) {
        for (let j = i + 1; j < v.length; j++) {
          if (equal(v[i]!, v[j]!)) {
            add('unique', `array items[${i},${j}] must be unique`);
            break outer;
          }
        }
      }
    }
    const items = objectGet(s, 'items');
    if (Array.isArray(items)) {
      items.forEach((sub, i) => i < v.length && validate(sub, v[i]!, [...path, String(i)], errs, root));
      const extra = objectGet(s, 'additionalItems');
      if (extra === false && v.length > items.length) add('array_no_additional_items', `No additional items allowed on array`);
      else if (extra !== undefined && isObj(extra)) for (let i = items.length; i < v.length; i++) validate(extra, v[i]!, [...path, String(i)], errs, root);
    } else if (items !== undefined) v.forEach((e, i) => validate(items, e, [...path, String(i)], errs, root));
    const contains = objectGet(s, 'contains');
    if (contains !== undefined && !v.some((e) => {
      const x: Err[] = [];
      validate(contains, e, path, x, root);
      return x.length === 0;
    })) add('contains', 'At least one of the items must match');
  }
  if (!isObj(v)) common();
  if (isObj(v)) {
    const o = v as ObjectValue;
    const entries = objectEntries(o);
    const minP = objectGet(s, 'minProperties');
    const maxP = objectGet(s, 'maxProperties');
    if (minP !== undefined && isNum(minP) && entries.length < toFloat(minP)) add('array_min_properties', `Must have at least ${fmtNum(minP)} properties`);
    if (maxP !== undefined && isNum(maxP) && entries.length > toFloat(maxP)) add('array_max_properties', `Must have at most ${fmtNum(maxP)} properties`);
    const req = objectGet(s, 'required');
    if (Array.isArray(req)) for (const r of req) if (typeof r === 'string' && objectGet(o, r) === undefined) errs.push({ type: 'required', field, desc: `${r} is required` });
    const props = objectGet(s, 'properties');
    const pats = objectGet(s, 'patternProperties');
    const addl = objectGet(s, 'additionalProperties');
    for (const [k, pv] of entries.slice().sort((a, b) => compare(a[0], b[0]))) {
      const key = String(k);
      let matched = props !== undefined && isObj(props) && objectGet(props, k) !== undefined;
      if (pats !== undefined && isObj(pats)) {
        for (const [p, sub] of objectEntries(pats)) {
          if (compileRegex(String(p)).re.test(key)) {
            matched = true;
            validate(sub, pv, [...path, key], errs, root);
          }
        }
      }
      if (!matched) {
        if (addl === false) errs.push({ type: 'additional_property_not_allowed', field, desc: `Additional property ${key} is not allowed` });
        else if (addl !== undefined && isObj(addl)) validate(addl, pv, [...path, key], errs, root);
      }
    }
    common();
    if (props !== undefined && isObj(props)) {
      for (const [k, sub] of objectEntries(props).sort((a, b) => compare(a[0], b[0]))) {
        const pv = objectGet(o, k);
        if (pv !== undefined) validate(sub, pv, [...path, String(k)], errs, root);
      }
    }
    const deps = objectGet(s, 'dependencies');
    if (deps !== undefined && isObj(deps)) {
      for (const [k, d] of objectEntries(deps)) {
        if (objectGet(o, k) === undefined) continue;
        if (Array.isArray(d)) for (const r of d) if (typeof r === 'string' && objectGet(o, r) === undefined) add('missing_dependency', `Has a dependency on ${r}`);
        if (isObj(d)) validate(d, v, path, errs, root);
      }
    }
  }
}

function errorsValue(errs: Err[]): Value {
  return errs.map((e) => {
    const o = new ObjectBuilder();
    o.set('error', `${e.field}: ${e.desc}`);
    o.set('type', e.type);
    o.set('field', e.field);
    o.set('desc', e.desc);
    return o.build();
  });
}

export const jsonSchemaBuiltins: BuiltinTable = {
  'json.verify_schema'(args) {
    try {
      checkSchema(load(args[0]!));
      return [true, null];
    } catch (e) {
      if (e instanceof SchemaErr) return [false, 'jsonschema: ' + e.message];
      throw e;
    }
  },
  'json.match_schema'(args) {
    let doc: Value;
    let schema: Value;
    try {
      doc = load(args[0]!);
      schema = load(args[1]!);
      checkSchema(schema);
    } catch (e) {
      if (e instanceof SchemaErr) throw fail(e.message);
      throw e;
    }
    const errs: Err[] = [];
    validate(schema, doc, [], errs, schema);
    return [errs.length === 0, errorsValue(errs)];
  },
};
