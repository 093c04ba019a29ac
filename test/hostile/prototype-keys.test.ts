// Hostile inputs: `__proto__`, `constructor`, `toString` (and other Object.prototype names) as
// keys in input, data, object literals, rule names and decoded documents. They are plain data:
// no prototype pollution, no inherited values leaking into results.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, parseDocuments } from '../../packages/gatekeeper-model/src/index.js';
import { evalRule, json, prototypeSnapshot } from './helpers.js';

const hostile = JSON.parse('{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 2}}, "toString": "s"}') as Record<string, unknown>;

describe('prototype keys are plain data', () => {
  let before: string;
  beforeAll(() => {
    before = prototypeSnapshot();
  });
  afterAll(() => {
    expect(prototypeSnapshot()).toBe(before);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('input: own keys are read, inherited names are undefined', () => {
    const input = hostile;
    expect(json(evalRule('r := input.__proto__', 'r', { input }))).toBe('{"polluted":1}');
    expect(json(evalRule('r := input.constructor.prototype', 'r', { input }))).toBe('{"polluted":2}');
    expect(evalRule('r := input.toString', 'r', { input })).toBe('s');
    expect(json(evalRule('r := object.keys(input)', 'r', { input }))).toBe('["__proto__","constructor","toString"]');
    for (const name of ['hasOwnProperty', 'valueOf', 'isPrototypeOf', '__defineGetter__']) {
      expect(evalRule(`r := input.${name}`, 'r', { input }), name).toBeUndefined();
    }
  });

  it('inherited names are undefined on empty input and data, and never iterate', () => {
    expect(evalRule('r := input.toString', 'r', { input: {} })).toBeUndefined();
    expect(evalRule('r := input.constructor', 'r', { input: {} })).toBeUndefined();
    expect(evalRule('r := data.toString')).toBeUndefined();
    expect(evalRule('r := data.p.constructor')).toBeUndefined();
    expect(json(evalRule('r := [k | some k, _ in input]', 'r', { input: {} }))).toBe('[]');
    expect(json(evalRule('r := object.get({}, "toString", "default")'))).toBe('"default"');
    expect(json(evalRule('r := object.get({}, ["constructor", "name"], "default")'))).toBe('"default"');
  });

  it('data: hostile keys in base documents', () => {
    const data = { q: hostile };
    expect(json(evalRule('r := data.q.__proto__.polluted', 'r', { data }))).toBe('1');
    expect(json(evalRule('r := [k | some k, _ in data.q]', 'r', { data }))).toBe('["__proto__","constructor","toString"]');
  });

  it('object literals, object builtins and partial objects with hostile keys', () => {
    expect(json(evalRule('r := {"__proto__": {"polluted": 1}, "constructor": 2, "toString": 3}'))).toBe('{"__proto__":{"polluted":1},"constructor":2,"toString":3}');
    expect(json(evalRule('r := object.union({"__proto__": {"a": 1}}, {"__proto__": {"b": 2}})'))).toBe('{"__proto__":{"a":1,"b":2}}');
    expect(json(evalRule('r := object.remove({"__proto__": 1, "a": 2}, ["a"])'))).toBe('{"__proto__":1}');
    expect(json(evalRule('r := json.filter({"__proto__": {"x": 1}, "b": 2}, ["__proto__/x"])'))).toBe('{"__proto__":{"x":1}}');
    expect(json(evalRule('o[k] := 1 if { some k in ["__proto__", "constructor", "toString"] }\nr := o'))).toBe('{"__proto__":1,"constructor":1,"toString":1}');
    expect(json(evalRule('r := {k: v | some k, v in {"__proto__": 1}}'))).toBe('{"__proto__":1}');
  });

  it('rules named like prototype properties', () => {
    expect(json(evalRule('__proto__ := 1\nconstructor := 2\ntoString := 3\nr := [data.p.__proto__, data.p.constructor, data.p.toString]'))).toBe('[1,2,3]');
  });

  it('decoders: json.unmarshal, yaml.unmarshal, json.patch', () => {
    expect(json(evalRule('r := json.unmarshal(`{"__proto__": {"polluted": true}}`)'))).toBe('{"__proto__":{"polluted":true}}');
    expect(json(evalRule('r := yaml.unmarshal("__proto__:\\n  polluted: true\\nconstructor: 1\\n")'))).toBe('{"__proto__":{"polluted":true},"constructor":1}');
    expect(json(evalRule('r := json.patch({}, [{"op": "add", "path": "/__proto__", "value": {"polluted": true}}])'))).toBe('{"__proto__":{"polluted":true}}');
  });

  it('gatekeeper: YAML documents and constraints with hostile keys', () => {
    const [doc] = parseDocuments('__proto__:\n  polluted: true\nconstructor: 1\n', { file: 'h.yaml' });
    expect(JSON.stringify(doc!.value)).toBe('{"__proto__":{"polluted":true},"constructor":1}');
    const client = new Client();
    client.addTemplate({
      apiVersion: 'templates.gatekeeper.sh/v1',
      kind: 'ConstraintTemplate',
      metadata: { name: 'k8sproto' },
      spec: {
        crd: { spec: { names: { kind: 'K8sProto' } } },
        targets: [{ target: 'admission.k8s.gatekeeper.sh', rego: 'package k8sproto\nviolation[{"msg": msg}] { msg := sprintf("%v", [input.review.object.__proto__]) }' }],
      },
    });
    client.addConstraint({ apiVersion: 'constraints.gatekeeper.sh/v1beta1', kind: 'K8sProto', metadata: { name: 'p' } });
    const obj = JSON.parse('{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "x", "namespace": "d"}, "__proto__": {"polluted": 1}}') as object;
    const res = client.review(obj);
    expect(res.results.map((r) => r.msg)).toEqual(['{"polluted": 1}']);
  });
});
