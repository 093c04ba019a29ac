// Generated Rego workloads S0–S6: each is { id, group, modules, data, query, input }, evaluated
// the same way by every system (v1 syntax).
const mod = (file, source) => ({ file, source });
export const SIZES = [10, 100, 1000, 10000];
/** --quick: the ends of the range that stay cheap for `opa bench`'s fixed one-second loop. */
export const QUICK_SIZES = [10, 1000];

function s0() {
  return [
    { id: 'S0 trivial query', group: 'S0', modules: [], query: 'true', input: {} },
    {
      id: 'S0 input.x == 1',
      group: 'S0',
      modules: [mod('s0.rego', 'package s0\n\nallow if input.x == 1\n')],
      query: 'data.s0.allow',
      input: { x: 1 },
    },
  ];
}

// RBAC in the style of OPA's documentation example: users → roles → grants, admin bypass.
const RBAC = `package rbac

default allow := false

allow if user_is_admin

allow if {
	some grant in user_is_granted
	input.action == grant.action
	input.type == grant.type
}

user_is_admin if "admin" in data.user_roles[input.user]

user_is_granted contains grant if {
	some role in data.user_roles[input.user]
	some grant in data.role_grants[role]
}
`;

function rbacData(users, roles, grantsPerRole) {
  const user_roles = { alice: ['admin'] };
  const role_grants = {};
  const actions = ['read', 'write', 'update', 'delete'];
  for (let r = 0; r < roles; r++) {
    role_grants[`role-${r}`] = Array.from({ length: grantsPerRole }, (_, g) => ({ action: actions[g % 4], type: `type-${r}-${g}` }));
  }
  for (let u = 0; u < users; u++) user_roles[`user-${u}`] = [`role-${u % roles}`, `role-${(u * 7 + 3) % roles}`];
  return { user_roles, role_grants };
}

function s1() {
  const small = rbacData(3, 3, 4);
  const large = rbacData(10000, 1000, 10);
  return [
    { id: 'S1 RBAC small data', group: 'S1', modules: [mod('rbac.rego', RBAC)], data: small, query: 'data.rbac.allow', input: { user: 'user-1', action: 'write', type: 'type-1-1' } },
    { id: 'S1 RBAC large data', group: 'S1', modules: [mod('rbac.rego', RBAC)], data: large, query: 'data.rbac.allow', input: { user: 'user-4321', action: 'update', type: 'type-321-6' } },
  ];
}

function s4(sizes) {
  const out = [];
  for (const n of sizes) {
    let src = 'package s4\n\ndefault allow := false\n';
    for (let i = 0; i < n; i++) src += `\nallow if {\n\tinput.method == "GET"\n\tinput.path == "/api/v1/resource-${i}"\n}\n`;
    out.push({ id: `S4 indexing eq n=${n}`, group: 'S4', modules: [mod('s4.rego', src)], query: 'data.s4.allow', input: { method: 'GET', path: `/api/v1/resource-${n - 1}` } });
  }
  for (const n of sizes.length < SIZES.length ? [100] : [100, 1000]) {
    let src = 'package s4g\n\ndefault allow := false\n';
    for (let i = 0; i < n; i++) src += `\nallow if glob.match("api.v1.resource-${i}.*", ["."], input.path)\n`;
    out.push({ id: `S4 indexing glob n=${n}`, group: 'S4', modules: [mod('s4g.rego', src)], query: 'data.s4g.allow', input: { path: `api.v1.resource-${n - 1}.items` } });
  }
  return out;
}

const GROUP_BY = `package s5

# Distinct keys first, then one pass over the items per key: O(keys × n).
groups := {g: names |
	some g in {item.group | some item in input.items}
	names := [x.name | some x in input.items; x.group == g]
}

sizes := {g: count(ns) | some g, ns in groups}
`;

function s5(sizes) {
  return sizes.map((n) => ({
    id: `S5 group-by n=${n}`,
    group: 'S5',
    modules: [mod('s5.rego', GROUP_BY)],
    query: 'data.s5.sizes',
    input: { items: Array.from({ length: n }, (_, i) => ({ name: `item-${i}`, group: `g${i % 10}` })) },
  }));
}

const ITER = `package s6

array_hits := count([x | some x in input.arr; x % 3 == 0])

set_hits := count({x | some x in input.arr; x % 3 == 0} & {y | some y in input.arr; y % 2 == 0})

object_hits := count([k | some k, v in input.obj; v % 3 == 0])
`;

function s6(sizes) {
  const out = [];
  for (const kind of ['array', 'set', 'object']) {
    for (const n of sizes) {
      const input = kind === 'object' ? { obj: Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i])) } : { arr: Array.from({ length: n }, (_, i) => i) };
      out.push({ id: `S6 ${kind} iteration n=${n}`, group: 'S6', modules: [mod('s6.rego', ITER)], query: `data.s6.${kind}_hits`, input });
    }
  }
  return out;
}

export function policyWorkloads(sizes = SIZES) {
  return [...s0(), ...s1(), ...s4(sizes), ...s5(sizes), ...s6(sizes)];
}
