/**
 * What the conversation engine asks of the knowledge base, as an injection token and an interface, so the
 * engine depends on nothing more and works without it (the token is optional there).
 */
export const KNOWLEDGE_RETRIEVER = Symbol('KNOWLEDGE_RETRIEVER');

export interface KnowledgeRetriever {
  /**
   * Passages of the assistant's documents relevant to the customer's words, formatted for the system
   * prompt within its token budget, or undefined when nothing is relevant.
   */
  promptKnowledge(input: {
    tenantId: string;
    assistantId: string;
    query: string;
    showCitations: boolean;
  }): Promise<string | undefined>;
}
