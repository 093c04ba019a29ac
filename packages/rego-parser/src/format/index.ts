export { format } from './format.js';
export type { FormatOptions } from './format.js';
