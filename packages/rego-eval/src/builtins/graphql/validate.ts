/** Placeholder: schema and query validation (see below). */
type J = Record<string, unknown>;
export interface SchemaError {
  message: string;
}
export interface Schema {
  types: Map<string, J>;
}
export function validateSchema(doc: J): { schema: Schema } | { error: SchemaError } {
  void doc;
  return { schema: { types: new Map() } };
}
export function validateQuery(schema: Schema, doc: J): Array<{ message: string; line: number; column: number }> {
  void schema;
  void doc;
  return [];
}
