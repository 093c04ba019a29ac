/** Number literals keep their spelling (value/number.ts decides the representation). */
import { numberFromText } from '../value/number.js';
import type { Value } from '../value/types.js';

export function numberLiteral(text: string): Value {
  return numberFromText(text);
}
