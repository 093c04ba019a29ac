export * from './types.js';
export * from './compare.js';
export * from './hash.js';
