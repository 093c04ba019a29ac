/** The RegoEngine backed by @rego-ts/rego-parser and @rego-ts/rego-eval. */
import { parseModule } from '@rego-ts/rego-parser';
import { compile, type Value } from '@rego-ts/rego-eval';
import type { EngineProgram, RegoEngine } from './engine.js';

const regoTsEngine: RegoEngine = {
  parseModule: (source, opts) => parseModule(source, opts),
  compile(modules): EngineProgram {
    const policy = compile({ modules });
    return {
      prepare(query) {
        const prepared = policy.prepare(query);
        return {
          evaluate: ({ input, data, print, limits }) =>
            prepared.evaluate({
              input: input as Value,
              ...(data !== undefined ? { data: data as Value } : {}),
              ...(print ? { print } : {}),
              ...limits,
            }),
        };
      },
    };
  },
};

/** The engine clients use unless given another. */
export function defaultRegoEngine(): RegoEngine {
  return regoTsEngine;
}
