/**
 * GraphQL schema building/validation (gqlparser's ValidateSchemaDocument, over the prelude of
 * built-in scalars, directives and introspection types) and query validation with the
 * commonly hit rules of gqlparser's default rule set. Documents are the Go-shaped JSON of
 * parse.ts (or AST objects given by the policy, where absent fields mean empty).
 */
import { parseSchemaDoc } from './parse.js';

type J = Record<string, unknown>;

export interface SchemaError {
  message: string;
}

export interface Schema {
  types: Map<string, J>;
  directives: Map<string, J>;
  possibleTypes: Map<string, J[]>;
  query?: J;
  mutation?: J;
  subscription?: J;
}

export interface QueryError {
  message: string;
  line: number;
  column: number;
}

const PRELUDE = `
scalar Int
scalar Float
scalar String
scalar Boolean
scalar ID
directive @defer(if: Boolean = true, label: String) on FRAGMENT_SPREAD | INLINE_FRAGMENT
directive @include(if: Boolean!) on FIELD | FRAGMENT_SPREAD | INLINE_FRAGMENT
directive @skip(if: Boolean!) on FIELD | FRAGMENT_SPREAD | INLINE_FRAGMENT
directive @deprecated(reason: String = "No longer supported") on FIELD_DEFINITION | ARGUMENT_DEFINITION | INPUT_FIELD_DEFINITION | ENUM_VALUE
directive @specifiedBy(url: String!) on SCALAR
directive @oneOf on INPUT_OBJECT
type __Schema { description: String types: [__Type!]! queryType: __Type! mutationType: __Type subscriptionType: __Type directives: [__Directive!]! }
type __Type { kind: __TypeKind! name: String description: String specifiedByURL: String fields(includeDeprecated: Boolean = false): [__Field!] interfaces: [__Type!] possibleTypes: [__Type!] enumValues(includeDeprecated: Boolean = false): [__EnumValue!] inputFields(includeDeprecated: Boolean = false): [__InputValue!] ofType: __Type isOneOf: Boolean }
enum __TypeKind { SCALAR OBJECT INTERFACE UNION ENUM INPUT_OBJECT LIST NON_NULL }
type __Field { name: String! description: String args(includeDeprecated: Boolean = false): [__InputValue!]! type: __Type! isDeprecated: Boolean! deprecationReason: String }
type __InputValue { name: String! description: String type: __Type! defaultValue: String isDeprecated: Boolean! deprecationReason: String }
type __EnumValue { name: String! description: String isDeprecated: Boolean! deprecationReason: String }
type __Directive { name: String! description: String isRepeatable: Boolean! locations: [__DirectiveLocation!]! args(includeDeprecated: Boolean = false): [__InputValue!]! }
enum __DirectiveLocation { QUERY MUTATION SUBSCRIPTION FIELD FRAGMENT_DEFINITION FRAGMENT_SPREAD INLINE_FRAGMENT VARIABLE_DEFINITION SCHEMA SCALAR OBJECT FIELD_DEFINITION ARGUMENT_DEFINITION INTERFACE UNION ENUM ENUM_VALUE INPUT_OBJECT INPUT_FIELD_DEFINITION }
`;

let preludeDoc: J | undefined;

const arr = (v: unknown): J[] => (Array.isArray(v) ? (v as J[]) : []);
const strs = (v: unknown): string[] => (Array.isArray(v) ? (v as string[]) : []);
const s = (v: unknown): string => (typeof v === 'string' ? v : '');

class SchemaFail extends Error {}
const bad = (m: string): never => {
  throw new SchemaFail(m);
};

function typeName(t: J | undefined): string {
  if (!t) return '';
  return t['Elem'] ? typeName(t['Elem'] as J) : s(t['NamedType']);
}

function typeString(t: J): string {
  const inner = t['Elem'] ? `[${typeString(t['Elem'] as J)}]` : s(t['NamedType']);
  return t['NonNull'] ? inner + '!' : inner;
}

const INPUT_KINDS = new Set(['SCALAR', 'ENUM', 'INPUT_OBJECT']);

export function validateSchema(userDoc: J): { schema: Schema } | { error: SchemaError } {
  preludeDoc ??= parseSchemaDoc(PRELUDE);
  for (const d of arr(preludeDoc['Definitions'])) d['BuiltIn'] = true;
  try {
    return { schema: buildSchema(preludeDoc, userDoc) };
  } catch (e) {
    if (e instanceof SchemaFail) return { error: { message: e.message } };
    throw e;
  }
}

function buildSchema(prelude: J, doc: J): Schema {
  const schema: Schema = { types: new Map(), directives: new Map(), possibleTypes: new Map() };
  // Copies: extensions are merged into definitions.
  const clone = (d: J): J => ({ ...d, Directives: [...arr(d['Directives'])], Interfaces: [...strs(d['Interfaces'])], Fields: [...arr(d['Fields'])], Types: [...strs(d['Types'])], EnumValues: [...arr(d['EnumValues'])] });
  const definitions = [...arr(prelude['Definitions']), ...arr(doc['Definitions'])];
  for (const d of definitions) {
    if (schema.types.has(s(d['Name']))) bad(`Cannot redeclare type ${s(d['Name'])}.`);
    schema.types.set(s(d['Name']), clone(d));
  }
  const defs = [...schema.types.values()];
  for (const ext of arr(doc['Extensions'])) {
    let def = schema.types.get(s(ext['Name']));
    if (!def) {
      def = clone({ Kind: ext['Kind'], Name: ext['Name'] });
      schema.types.set(s(ext['Name']), def);
      defs.push(def);
    }
    if (def['Kind'] !== ext['Kind']) bad(`Cannot extend type ${s(ext['Name'])} because the base type is a ${s(def['Kind'])}, not ${s(ext['Kind'])}.`);
    (def['Directives'] as J[]).push(...arr(ext['Directives']));
    (def['Interfaces'] as string[]).push(...strs(ext['Interfaces']));
    (def['Fields'] as J[]).push(...arr(ext['Fields']));
    (def['Types'] as string[]).push(...strs(ext['Types']));
    (def['EnumValues'] as J[]).push(...arr(ext['EnumValues']));
  }
  const addPossible = (name: string, d: J | undefined) => {
    if (!d) return;
    const l = schema.possibleTypes.get(name) ?? [];
    l.push(d);
    schema.possibleTypes.set(name, l);
  };
  for (const d of defs) {
    const kind = d['Kind'];
    if (kind === 'UNION') for (const t of strs(d['Types'])) addPossible(s(d['Name']), schema.types.get(t));
    else if (kind === 'OBJECT' || kind === 'INPUT_OBJECT') {
      for (const i of strs(d['Interfaces'])) addPossible(i, d);
      addPossible(s(d['Name']), d);
    } else if (kind === 'INTERFACE') for (const i of strs(d['Interfaces'])) addPossible(i, d);
  }
  const builtinDirs = new Set(['include', 'skip', 'deprecated', 'specifiedBy', 'defer', 'oneOf']);
  for (const dir of [...arr(prelude['Directives']), ...arr(doc['Directives'])]) {
    const n = s(dir['Name']);
    if (schema.directives.has(n) && !builtinDirs.has(n)) bad(`Cannot redeclare directive ${n}.`);
    schema.directives.set(n, dir);
  }
  const schemaDefs = arr(doc['Schema']);
  if (schemaDefs.length > 1) bad('Cannot have multiple schema entry points, consider schema extensions instead.');
  const entry = (ops: J[]) => {
    for (const op of ops) {
      const def = schema.types.get(s(op['Type']));
      if (!def) bad(`Schema root ${s(op['Operation'])} refers to a type ${s(op['Type'])} that does not exist.`);
      if (op['Operation'] === 'query') schema.query = def;
      else if (op['Operation'] === 'mutation') schema.mutation = def;
      else if (op['Operation'] === 'subscription') schema.subscription = def;
    }
  };
  if (schemaDefs.length === 1) {
    entry(arr(schemaDefs[0]!['OperationTypes']));
    validateDirectives(schema, arr(schemaDefs[0]!['Directives']), 'SCHEMA');
  }
  for (const ext of arr(doc['SchemaExtension'])) {
    entry(arr(ext['OperationTypes']));
    validateDirectives(schema, arr(ext['Directives']), 'SCHEMA');
  }
  for (const name of [...schema.types.keys()].sort()) validateDefinition(schema, schema.types.get(name)!);
  for (const name of [...schema.directives.keys()].sort()) {
    const d = schema.directives.get(name)!;
    validateName(s(d['Name']));
    validateArgs(schema, arr(d['Arguments']), d);
  }
  if (schemaDefs.length === 0) {
    schema.query ??= schema.types.get('Query');
    schema.mutation ??= schema.types.get('Mutation');
    schema.subscription ??= schema.types.get('Subscription');
  }
  if (schema.query) {
    schema.query['Fields'] = [
      ...arr(schema.query['Fields']),
      { Name: '__schema', Type: { NamedType: '__Schema', NonNull: true } },
      { Name: '__type', Type: { NamedType: '__Type', NonNull: false }, Arguments: [{ Name: 'name', Type: { NamedType: 'String', NonNull: true } }] },
    ];
  }
  return schema;
}

function validateName(name: string): void {
  if (name.startsWith('__')) bad(`Name "${name}" must not begin with "__", which is reserved by GraphQL introspection.`);
}

function validateTypeRef(schema: Schema, t: J): void {
  if (!schema.types.has(typeName(t))) bad(`Undefined type ${typeName(t)}.`);
}

function validateArgs(schema: Schema, args: J[], current?: J): void {
  for (const a of args) {
    validateName(s(a['Name']));
    validateTypeRef(schema, a['Type'] as J);
    const def = schema.types.get(typeName(a['Type'] as J))!;
    if (!INPUT_KINDS.has(s(def['Kind']))) bad(`cannot use ${typeString(a['Type'] as J)} as argument ${s(a['Name'])} because ${s(def['Kind'])} is not a valid input type`);
    validateDirectives(schema, arr(a['Directives']), 'ARGUMENT_DEFINITION', current);
  }
}

function validateDirectives(schema: Schema, dirs: J[], location: string, current?: J): void {
  for (const dir of dirs) {
    const name = s(dir['Name']);
    validateName(name);
    if (current && name === s(current['Name'])) bad(`Directive ${name} cannot refer to itself.`);
    const def = schema.directives.get(name);
    if (!def) bad(`Undefined directive ${name}.`);
    if (!strs(def!['Locations']).includes(location)) bad(`Directive ${name} is not applicable on ${location}.`);
    const defArgs = arr(def!['Arguments']);
    for (const a of arr(dir['Arguments'])) if (!defArgs.some((x) => x['Name'] === a['Name'])) bad(`Undefined argument ${s(a['Name'])} for directive ${name}.`);
    for (const sa of defArgs) {
      const t = sa['Type'] as J;
      if (t['NonNull'] && !sa['DefaultValue']) {
        const given = arr(dir['Arguments']).find((x) => x['Name'] === sa['Name']);
        if (!given || (given['Value'] as J | undefined)?.['Kind'] === 6) bad(`Argument ${s(sa['Name'])} for directive ${name} cannot be null.`);
      }
    }
  }
}

function isCovariant(schema: Schema, req: J | undefined, act: J | undefined): boolean {
  if (!req || !act) return false;
  if (req['NonNull'] && !act['NonNull']) return false;
  if (s(req['NamedType']) !== '') {
    if (req['NamedType'] === act['NamedType']) return true;
    return (schema.possibleTypes.get(s(req['NamedType'])) ?? []).some((pt) => pt['Name'] === act['NamedType']);
  }
  if (req['Elem'] && !act['Elem']) return false;
  return isCovariant(schema, req['Elem'] as J, act['Elem'] as J);
}

function typesCompatible(a: J | undefined, b: J | undefined): boolean {
  if (!a || !b) return a === b;
  if (s(a['NamedType']) !== s(b['NamedType'])) return false;
  if (!!a['NonNull'] !== !!b['NonNull']) return false;
  if (a['Elem'] || b['Elem']) return typesCompatible(a['Elem'] as J, b['Elem'] as J);
  return true;
}

function validateDefinition(schema: Schema, def: J): void {
  const kind = s(def['Kind']);
  const name = s(def['Name']);
  const fields = arr(def['Fields']);
  for (const f of fields) {
    validateName(s(f['Name']));
    validateTypeRef(schema, f['Type'] as J);
    validateArgs(schema, arr(f['Arguments']));
    validateDirectives(schema, arr(f['Directives']), kind === 'INPUT_OBJECT' ? 'INPUT_FIELD_DEFINITION' : 'FIELD_DEFINITION');
  }
  for (const t of strs(def['Types'])) {
    const td = schema.types.get(t);
    if (!td) bad(`Undefined type ${JSON.stringify(t)}.`);
    if (td!['Kind'] !== 'OBJECT') bad(`${kind} type ${JSON.stringify(t)} must be OBJECT.`);
  }
  for (const intfName of strs(def['Interfaces'])) {
    const intf = schema.types.get(intfName);
    if (!intf) bad(`Undefined type ${JSON.stringify(intfName)}.`);
    if (intf!['Kind'] !== 'INTERFACE') bad(`${JSON.stringify(intfName)} is a non interface type ${s(intf!['Kind'])}.`);
    for (const rf of arr(intf!['Fields'])) {
      const ff = fields.find((x) => x['Name'] === rf['Name']);
      if (!ff) bad(`For ${name} to implement ${s(intf!['Name'])} it must have a field called ${s(rf['Name'])}.`);
      if (!isCovariant(schema, rf['Type'] as J, ff!['Type'] as J)) bad(`For ${name} to implement ${s(intf!['Name'])} the field ${s(rf['Name'])} must have type ${typeString(rf['Type'] as J)}.`);
      for (const ra of arr(rf['Arguments'])) {
        const fa = arr(ff!['Arguments']).find((x) => x['Name'] === ra['Name']);
        if (!fa) bad(`For ${name} to implement ${s(intf!['Name'])} the field ${s(rf['Name'])} must have the same arguments but it is missing ${s(ra['Name'])}.`);
        if (!typesCompatible(ra['Type'] as J, fa!['Type'] as J)) bad(`For ${name} to implement ${s(intf!['Name'])} the field ${s(rf['Name'])} must have the same arguments but ${s(ra['Name'])} has the wrong type.`);
      }
      for (const fa of arr(ff!['Arguments'])) {
        if (!arr(rf['Arguments']).some((x) => x['Name'] === fa['Name']) && (fa['Type'] as J)['NonNull'] && !fa['DefaultValue']) {
          bad(`For ${name} to implement ${s(intf!['Name'])} any additional arguments on ${s(ff!['Name'])} must be optional or have a default value but ${s(fa['Name'])} is required.`);
        }
      }
    }
    for (const transitive of strs(intf!['Interfaces'])) {
      if (!strs(def['Interfaces']).includes(transitive)) {
        if (transitive === name) bad(`Type ${name} cannot implement ${intfName} because it would create a circular reference.`);
        bad(`Type ${name} must implement ${transitive} because it is implemented by ${intfName}.`);
      }
    }
  }
  if (kind === 'OBJECT' || kind === 'INTERFACE') {
    if (fields.length === 0) bad(`${kind} ${name}: must define one or more fields.`);
    for (const f of fields) {
      const t = schema.types.get(typeName(f['Type'] as J));
      if (t && !['SCALAR', 'OBJECT', 'INTERFACE', 'UNION', 'ENUM'].includes(s(t['Kind']))) bad(`${kind} ${name}: field must be one of SCALAR, OBJECT, INTERFACE, UNION, ENUM.`);
    }
  } else if (kind === 'ENUM') {
    const vals = arr(def['EnumValues']);
    if (vals.length === 0) bad(`${kind} ${name}: must define one or more unique enum values.`);
    for (const v of vals) {
      if (['true', 'false', 'null'].includes(s(v['Name']))) bad(`${kind} ${name}: non-enum value ${s(v['Name'])}.`);
      validateDirectives(schema, arr(v['Directives']), 'ENUM_VALUE');
    }
  } else if (kind === 'INPUT_OBJECT') {
    if (fields.length === 0) bad(`${kind} ${name}: must define one or more input fields.`);
    for (const f of fields) {
      const t = schema.types.get(typeName(f['Type'] as J));
      if (t && !INPUT_KINDS.has(s(t['Kind']))) bad(`${s(t['Kind'])} ${s(f['Name'])}: field must be one of SCALAR, ENUM, INPUT_OBJECT.`);
    }
  }
  for (let i = 0; i < fields.length; i++) {
    for (let j = i + 1; j < fields.length; j++) if (fields[i]!['Name'] === fields[j]!['Name']) bad(`Field ${name}.${s(fields[j]!['Name'])} can only be defined once.`);
  }
  if (!def['BuiltIn']) validateName(name);
  validateDirectives(schema, arr(def['Directives']), kind);
}

// ---- query validation ------------------------------------------------------------------------

/** Validates a query document; returns gqlparser-style errors (empty when valid). */
export function validateQuery(schema: Schema, doc: J): QueryError[] {
  const errors: QueryError[] = [];
  let at: J | undefined;
  const err = (message: string) => errors.push({ message, line: Number((at?.['Position'] as J | undefined)?.['Line'] ?? 0), column: Number((at?.['Position'] as J | undefined)?.['Column'] ?? 0) });
  const ops = arr(doc['Operations']);
  const frags = arr(doc['Fragments']);
  const fragByName = new Map(frags.map((f) => [s(f['Name']), f]));

  // LoneAnonymousOperation / UniqueOperationNames
  if (ops.length > 1 && ops.some((o) => s(o['Name']) === '')) err('This anonymous operation must be the only defined operation.');
  const seenOps = new Set<string>();
  for (const o of ops) {
    const n = s(o['Name']);
    if (n !== '' && seenOps.has(n)) err(`There can be only one operation named "${n}".`);
    seenOps.add(n);
  }
  const seenFrags = new Set<string>();
  for (const f of frags) {
    if (seenFrags.has(s(f['Name']))) err(`There can be only one fragment named "${s(f['Name'])}".`);
    seenFrags.add(s(f['Name']));
  }

  const usedFrags = new Set<string>();

  const checkDirectives = (dirs: J[], location: string) => {
    for (const d of dirs) {
      const def = schema.directives.get(s(d['Name']));
      if (!def) {
        err(`Unknown directive "@${s(d['Name'])}".`);
        continue;
      }
      if (!strs(def['Locations']).includes(location)) err(`Directive "@${s(d['Name'])}" may not be used on ${location}.`);
      checkArguments(arr(d['Arguments']), arr(def['Arguments']), `Directive "@${s(d['Name'])}"`, (a) => `Unknown argument "${a}" on directive "@${s(d['Name'])}".`);
    }
  };

  let varUses: Set<string>;
  const checkValueVars = (v: J | undefined) => {
    if (!v) return;
    if (v['Kind'] === 0) varUses.add(s(v['Raw']));
    for (const c of arr(v['Children'])) checkValueVars(c['Value'] as J);
  };

  function checkArguments(given: J[], defs: J[], what: string, unknown: (name: string) => string, fieldLabel?: string): void {
    for (const a of given) {
      if (!defs.some((d) => d['Name'] === a['Name'])) err(unknown(s(a['Name'])));
      checkValueVars(a['Value'] as J);
    }
    for (const d of defs) {
      const t = d['Type'] as J;
      if (t['NonNull'] && !d['DefaultValue']) {
        const g = given.find((a) => a['Name'] === d['Name']);
        if (!g || (g['Value'] as J | undefined)?.['Kind'] === 6) {
          err(`${fieldLabel ?? what} argument "${s(d['Name'])}" of type "${typeString(t)}" is required, but it was not provided.`);
        }
      }
    }
  }

  const checkSelections = (sels: J[], parent: J | undefined, depth: Set<string>) => {
    for (const sel of sels) {
      at = sel;
      if ('Alias' in sel) {
        // Field
        const name = s(sel['Name']);
        checkDirectives(arr(sel['Directives']), 'FIELD');
        if (!parent) continue;
        let fieldDef: J | undefined;
        if (name === '__typename') fieldDef = { Name: '__typename', Type: { NamedType: 'String', NonNull: true } };
        else fieldDef = arr(parent['Fields']).find((f) => f['Name'] === name);
        if (!fieldDef) {
          err(`Cannot query field "${name}" on type "${s(parent['Name'])}".`);
          continue;
        }
        checkArguments(arr(sel['Arguments']), arr(fieldDef['Arguments']), '', (a) => `Unknown argument "${a}" on field "${s(parent['Name'])}.${name}".`, `Field "${name}"`);
        const t = schema.types.get(typeName(fieldDef['Type'] as J));
        const sub = arr(sel['SelectionSet']);
        if (t) {
          const leaf = t['Kind'] === 'SCALAR' || t['Kind'] === 'ENUM';
          if (leaf && sub.length > 0) err(`Field "${name}" must not have a selection since type "${typeString(fieldDef['Type'] as J)}" has no subfields.`);
          if (!leaf && sub.length === 0) err(`Field "${name}" of type "${typeString(fieldDef['Type'] as J)}" must have a selection of subfields. Did you mean "${name} { ... }"?`);
        }
        checkSelections(sub, t, depth);
      } else if ('TypeCondition' in sel) {
        // Inline fragment
        checkDirectives(arr(sel['Directives']), 'INLINE_FRAGMENT');
        const cond = s(sel['TypeCondition']);
        let t = parent;
        if (cond !== '') {
          t = schema.types.get(cond);
          if (!t) err(`Unknown type "${cond}".`);
        }
        checkSelections(arr(sel['SelectionSet']), t, depth);
      } else {
        // Fragment spread
        const name = s(sel['Name']);
        checkDirectives(arr(sel['Directives']), 'FRAGMENT_SPREAD');
        usedFrags.add(name);
        const f = fragByName.get(name);
        if (!f) {
          err(`Unknown fragment "${name}".`);
          continue;
        }
        if (depth.has(name)) {
          err(`Cannot spread fragment "${name}" within itself.`);
          continue;
        }
        const t = schema.types.get(s(f['TypeCondition']));
        checkSelections(arr(f['SelectionSet']), t, new Set([...depth, name]));
      }
    }
  };

  for (const o of ops) {
    at = o;
    varUses = new Set();
    const opType = s(o['Operation']) || 'query';
    const root = opType === 'query' ? schema.query : opType === 'mutation' ? schema.mutation : schema.subscription;
    if (!root) err(`Schema does not support operation type "${opType}"`);
    checkDirectives(arr(o['Directives']), opType.toUpperCase());
    const vars = arr(o['VariableDefinitions']);
    const declared = new Set<string>();
    for (const v of vars) {
      const n = s(v['Variable']);
      if (declared.has(n)) err(`There can be only one variable named "$${n}".`);
      declared.add(n);
      const t = schema.types.get(typeName(v['Type'] as J));
      if (!t) err(`Unknown type "${typeName(v['Type'] as J)}".`);
      else if (!INPUT_KINDS.has(s(t['Kind']))) err(`Variable "$${n}" cannot be non-input type "${typeString(v['Type'] as J)}".`);
      checkDirectives(arr(v['Directives']), 'VARIABLE_DEFINITION');
    }
    checkSelections(arr(o['SelectionSet']), root, new Set());
    for (const n of varUses) if (!declared.has(n)) err(`Variable "$${n}" is not defined${o['Name'] ? ` by operation "${s(o['Name'])}"` : ''}.`);
    for (const n of declared) if (!varUses.has(n)) err(`Variable "$${n}" is never used${o['Name'] ? ` in operation "${s(o['Name'])}"` : ''}.`);
  }
  for (const f of frags) {
    const cond = s(f['TypeCondition']);
    const t = schema.types.get(cond);
    if (!t) err(`Unknown type "${cond}".`);
    else if (!['OBJECT', 'INTERFACE', 'UNION'].includes(s(t['Kind']))) err(`Fragment "${s(f['Name'])}" cannot condition on non composite type "${cond}".`);
    if (!usedFrags.has(s(f['Name']))) err(`Fragment "${s(f['Name'])}" is never used.`);
  }
  return errors;
}
