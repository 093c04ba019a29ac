/**
 * A source position. `row`/`col` are 1-based, `col` counts code points (as OPA does);
 * `offset`/`end` are UTF-16 offsets into the source string (half-open range), so
 * `source.slice(offset, end)` is the node's text.
 */
export interface Location {
  file: string;
  row: number;
  col: number;
  offset: number;
  end: number;
}
