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

/** gojsonschema's drafts; Hybrid (the default without a known $schema) accepts all. */
const HYBRID = 99;

function schemaDraft(root: Value): number {
  if (!isObj(root)) return HYBRID;
  const url = objectGet(root, '$schema');
  if (url === undefined) return HYBRID;
  if (typeof url !== 'string') throw new SchemaErr('$schema must be of type string');
  const m = /^https?:\/\/json-schema\.org\/draft-0([467])\/schema#?$/.exec(url);
  return m ? Number(m[1]) : HYBRID;
}

const invalidType = (expected: string, given: string) => new SchemaErr(`Invalid type. Expected: ${expected}, given: ${given}`);
const isIntText = (v: Value): boolean => isNum(v) && (typeof v === 'number' ? Number.isInteger(v) : /^-?\d+$/.test(v.text));
const numOf = (v: Value): number => toFloat(v as Num);

/** gojsonschema's parseSchema: the checks it makes, in its order, with its messages. */
class SchemaChecker {
  private refs = new Set<string>();
  constructor(
    private root: Value,
    private draft: number,
  ) {}

  check(node: Value): void {
    if (this.draft >= 6 && typeof node === 'boolean') return;
    if (!isObj(node)) throw new SchemaErr('Expected: Valid Schema, given: Invalid JSON');
    const get = (k: string) => objectGet(node, k);
    const getString = (k: string) => {
      const v = get(k);
      if (v !== undefined && typeof v !== 'string') throw invalidType('string', k);
      return v as string | undefined;
    };
    const getSlice = (k: string) => {
      const v = get(k);
      if (v === undefined) return [];
      if (!Array.isArray(v)) throw new SchemaErr(`${k} must be of an array`);
      return v;
    };
    const sorted = (o: Value) => objectEntries(o as ObjectValue).sort((x, y) => compare(x[0], y[0]));
    const isSchema = (v: Value) => isObj(v) || typeof v === 'boolean';
    getString(this.draft === 4 || (this.draft === HYBRID && get('id') !== undefined) ? 'id' : '$id');
    const defs = get('definitions');
    if (defs !== undefined) {
      if (!isObj(defs)) throw invalidType('Array Of Schemas', 'definitions');
      for (const [, d] of sorted(defs)) {
        if (!isSchema(d)) throw invalidType('Array Of Schemas', 'definitions');
        this.check(d);
      }
    }
    getString('title');
    getString('description');
    const ref = getString('$ref');
    if (ref !== undefined) return this.reference(ref);
    const type = get('type');
    if (type !== undefined) {
      const list = typeof type === 'string' ? [type] : Array.isArray(type) ? type : undefined;
      if (!list) throw invalidType('type', 'string/Array Of Strings');
      const seen: string[] = [];
      for (const t of list) {
        if (typeof t !== 'string') throw invalidType('type', 'string/Array Of Strings');
        if (!TYPES.includes(t)) throw new SchemaErr(`has a primitive type that is NOT VALID -- given: /${t}/ Expected valid values are:[${TYPES.join(' ')}]`);
        if (seen.includes(t)) throw new SchemaErr(`${t} type is duplicated`);
        seen.push(t);
      }
    }
    const props = get('properties');
    if (props !== undefined) {
      if (!isObj(props)) throw new SchemaErr('Properties must be of type object');
      for (const [, p] of sorted(props)) this.check(p);
    }
    const addl = get('additionalProperties');
    if (addl !== undefined && typeof addl !== 'boolean') {
      if (!isObj(addl)) throw invalidType('boolean/Valid Schema', 'additionalProperties');
      this.check(addl);
    }
    const pp = get('patternProperties');
    if (pp !== undefined) {
      if (!isObj(pp)) throw invalidType('Valid Schema', 'patternProperties');
      for (const [k, v] of sorted(pp)) {
        try {
          compileRegex(k as string);
        } catch {
          throw new SchemaErr(`Invalid regex pattern '${k as string}'`);
        }
        this.check(v);
      }
    }
    const pn = get('propertyNames');
    if (pn !== undefined && this.draft >= 6) {
      if (!isSchema(pn)) throw invalidType('Valid Schema', 'patternProperties');
      this.check(pn);
    }
    const deps = get('dependencies');
    if (deps !== undefined) {
      if (!isObj(deps)) throw new SchemaErr('dependencies must be of type object');
      for (const [, d] of sorted(deps)) {
        if (Array.isArray(d)) {
          if (d.some((x) => typeof x !== 'string')) throw new SchemaErr('Dependency must be of type Schema Or Array Of Strings');
        } else if (isSchema(d)) this.check(d);
        else throw new SchemaErr('Dependency must be of type Schema Or Array Of Strings');
      }
    }
    const items = get('items');
    if (items !== undefined) {
      if (Array.isArray(items)) {
        for (const it of items) {
          if (!isSchema(it)) throw invalidType('Valid Schema/Array Of Schemas', 'items');
          this.check(it);
        }
      } else if (isSchema(items)) this.check(items);
      else throw invalidType('Valid Schema/Array Of Schemas', 'items');
    }
    const addItems = get('additionalItems');
    if (addItems !== undefined && typeof addItems !== 'boolean') {
      if (!isObj(addItems)) throw invalidType('boolean/Valid Schema', 'additionalItems');
      this.check(addItems);
    }
    const multipleOf = get('multipleOf');
    if (multipleOf !== undefined) {
      if (!isNum(multipleOf)) throw invalidType('Number', 'multipleOf');
      if (numOf(multipleOf) <= 0) throw new SchemaErr('multipleOf must be strictly greater than 0');
    }
    for (const [k, other] of [
      ['minimum', 'exclusiveMinimum'],
      ['maximum', 'exclusiveMaximum'],
    ] as const) {
      const v = get(k);
      if (v !== undefined && !isNum(v)) throw new SchemaErr(`${k} must be of a Number`);
      const ex = get(other);
      if (ex === undefined) continue;
      if (this.draft === 4) {
        if (typeof ex !== 'boolean') throw invalidType('boolean', other);
        if (v === undefined) throw new SchemaErr(`${other} cannot be used without ${k}`);
      } else if (this.draft === HYBRID) {
        if (typeof ex === 'boolean') {
          if (v === undefined) throw new SchemaErr(`${other} cannot be used without ${k}`);
        } else if (!isNum(ex)) throw invalidType('boolean/number', other);
      } else if (!isNum(ex)) throw invalidType('number', other);
    }
    const nonNegInt = (k: string): number | undefined => {
      const v = get(k);
      if (v === undefined) return undefined;
      if (!isIntText(v)) throw new SchemaErr(`${k} must be of an integer`);
      if (numOf(v) < 0) throw new SchemaErr(`${k} must be greater than or equal to 0`);
      return numOf(v);
    };
    const minLength = nonNegInt('minLength');
    const maxLength = nonNegInt('maxLength');
    if (minLength !== undefined && maxLength !== undefined && minLength > maxLength) throw new SchemaErr('minLength cannot be greater than maxLength');
    const pattern = getString('pattern');
    if (pattern !== undefined) {
      try {
        compileRegex(pattern);
      } catch {
        throw new SchemaErr('pattern must be a valid regex');
      }
    }
    getString('format');
    const minProps = nonNegInt('minProperties');
    const maxProps = nonNegInt('maxProperties');
    if (minProps !== undefined && maxProps !== undefined && minProps > maxProps) throw new SchemaErr('minProperties cannot be greater than maxProperties');
    const required: string[] = [];
    for (const r of getSlice('required')) {
      if (typeof r !== 'string') throw invalidType('string', 'required');
      if (required.includes(r)) throw new SchemaErr('required items must be unique');
      required.push(r);
    }
    nonNegInt('minItems');
    nonNegInt('maxItems');
    const unique = get('uniqueItems');
    if (unique !== undefined && typeof unique !== 'boolean') throw new SchemaErr('uniqueItems must be of a boolean');
    const contains = get('contains');
    if (contains !== undefined && this.draft >= 6) this.check(contains);
    const enumSeen: Value[] = [];
    for (const e of getSlice('enum')) {
      if (enumSeen.some((x) => equal(x, e))) throw new SchemaErr('enum items must be unique');
      enumSeen.push(e);
    }
    for (const k of ['oneOf', 'anyOf', 'allOf']) for (const sub of getSlice(k)) this.check(sub);
    const keys = this.draft >= 7 ? ['not', 'if', 'then', 'else'] : ['not'];
    for (const k of keys) {
      const sub = get(k);
      if (sub === undefined) continue;
      if (!isSchema(sub)) throw new SchemaErr(`${k} must be of an object`);
      this.check(sub);
    }
  }

  /** Local JSON-pointer references are resolved (and checked once); others are left alone. */
  private reference(ref: string): void {
    if (!ref.startsWith('#') || this.refs.has(ref)) return;
    this.refs.add(ref);
    let node = this.root;
    const path = ref.slice(1).replace(/^\//, '');
    if (path !== '') {
      for (const raw of path.split('/')) {
        const key = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
        if (isObj(node)) {
          const next = objectGet(node, key);
          if (next === undefined) throw new SchemaErr(`Object has no key '${key}'`);
          node = next;
        } else if (Array.isArray(node)) {
          const i = Number(key);
          if (!/^\d+$/.test(key) || i >= node.length) throw new SchemaErr(`Out of bound array[0,${node.length}] index '${key}'`);
          node = node[i]!;
        } else throw new SchemaErr(`Invalid token reference '${key}'`);
      }
    }
    if (!isObj(node) && typeof node !== 'boolean') throw new SchemaErr('Valid Schema must be of type object');
    this.check(node);
  }
}

/** Compile-time checks of a whole schema document. */
function checkSchema(s: Value): void {
  if (!isObj(s) && typeof s !== 'boolean') throw new SchemaErr('schema is invalid');
  new SchemaChecker(s, schemaDraft(s)).check(s);
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
  const ifS = objectGet(s, 'if');
  if (ifS !== undefined) {
    const e: Err[] = [];
    validate(ifS, v, path, e, root);
    const branch = e.length === 0 ? 'then' : 'else';
    const sub = objectGet(s, branch);
    if (sub !== undefined) {
      const be: Err[] = [];
      validate(sub, v, path, be, root);
      if (be.length > 0) {
        add(`condition_${branch}`, branch === 'then' ? 'Must validate "then" as "if" was valid' : 'Must validate "else" as "if" was not valid');
        errs.push(...be);
      }
    }
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
