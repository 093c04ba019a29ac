export * from './types.js';
export * from './compare.js';
export * from './hash.js';
export * from './number.js';
export * from './json.js';
export * from './quote.js';
export * from './collections.js';
