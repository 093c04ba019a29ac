/** Builtins printed as infix operators, with their declared arity (all binary). */
export const INFIX: ReadonlyMap<string, string> = new Map([
  ['equal', '=='],
  ['neq', '!='],
  ['lt', '<'],
  ['lte', '<='],
  ['gt', '>'],
  ['gte', '>='],
  ['plus', '+'],
  ['minus', '-'],
  ['mul', '*'],
  ['div', '/'],
  ['rem', '%'],
  ['and', '&'],
  ['or', '|'],
  ['assign', ':='],
  ['eq', '='],
]);

export const MEMBER_2 = 'internal.member_2';
export const MEMBER_3 = 'internal.member_3';
