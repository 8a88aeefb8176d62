import type { GbnfJsonSchema, Llama, LlamaGrammar } from 'node-llama-cpp' with {
  'resolution-mode': 'import',
};
import { InferenceRequestError } from '../inference.errors';
import type { JsonSchema } from '../inference.types';

/** Compiling a schema into a grammar costs milliseconds; assistants reuse a handful of schemas. */
export class GrammarCache {
  private readonly grammars = new Map<string, Promise<LlamaGrammar>>();

  constructor(
    private readonly llama: Llama,
    private readonly capacity = 64,
  ) {}

  get(schema: JsonSchema): Promise<LlamaGrammar> {
    const key = JSON.stringify(schema);
    const cached = this.grammars.get(key);
    if (cached) {
      this.grammars.delete(key);
      this.grammars.set(key, cached);
      return cached;
    }
    const created = this.llama
      .createGrammarForJsonSchema<GbnfJsonSchema>(schema as GbnfJsonSchema)
      .catch((error: unknown) => {
        this.grammars.delete(key);
        throw new InferenceRequestError(
          `responseSchema cannot be turned into a grammar: ${error instanceof Error ? error.message : String(error)}`,
        );
      });
    this.grammars.set(key, created);
    while (this.grammars.size > this.capacity) {
      const oldest = this.grammars.keys().next().value;
      if (oldest === undefined) break;
      this.grammars.delete(oldest);
    }
    return created;
  }
}
