import type { LlamaContext, LlamaContextSequence, LlamaModel } from 'node-llama-cpp' with {
  'resolution-mode': 'import',
};

export interface Slot {
  readonly id: number;
  readonly lane: number;
  readonly sequence: LlamaContextSequence;
  busy: boolean;
  /** The conversation whose evaluated tokens the sequence holds (its warm state), if any. */
  owner: string | undefined;
  lastUsed: number;
}

export interface SlotLease {
  readonly slot: Slot;
  /** The conversation's state was already on this sequence. */
  readonly warm: boolean;
  readonly conversationKey: string | undefined;
}

export interface SequencePoolOptions {
  readonly lanes: number;
  readonly sequencesPerLane: number;
  readonly contextSize: number;
  readonly threadsPerLane: number;
  readonly batchSize?: number;
  /** A LoRA adapter applied to every context of the pool. */
  readonly loraAdapter?: string;
}

/**
 * The sequences requests run on: `lanes` contexts (each evaluating on its own threads, in parallel),
 * each with several sequences that llama.cpp batches together. A sequence keeps the tokens it evaluated,
 * so it doubles as the warm cache of the conversation that last used it: a follow-up that lands on the
 * same sequence only evaluates what is new. Free sequences are handed out warm first, then on the least
 * loaded lane, preferring ones that hold no conversation, then the least recently used (LRU eviction).
 */
export class SequencePool {
  private clock = 0;

  private constructor(
    private readonly contexts: LlamaContext[],
    readonly slots: readonly Slot[],
    readonly contextSize: number,
  ) {}

  static async create(model: LlamaModel, options: SequencePoolOptions): Promise<SequencePool> {
    const contexts: LlamaContext[] = [];
    try {
      for (let lane = 0; lane < options.lanes; lane++) {
        contexts.push(
          await model.createContext({
            sequences: options.sequencesPerLane,
            contextSize: options.contextSize,
            threads: options.threadsPerLane,
            batchSize: options.batchSize,
            failedCreationRemedy: false,
            lora: options.loraAdapter ? { adapters: [{ filePath: options.loraAdapter }] } : undefined,
          }),
        );
      }
    } catch (error) {
      await Promise.allSettled(contexts.map((context) => context.dispose()));
      throw error;
    }
    const slots: Slot[] = [];
    contexts.forEach((context, lane) => {
      for (let i = 0; i < options.sequencesPerLane; i++) {
        slots.push({
          id: slots.length,
          lane,
          sequence: context.getSequence(),
          busy: false,
          owner: undefined,
          lastUsed: 0,
        });
      }
    });
    return new SequencePool(contexts, slots, contexts[0]?.contextSize ?? options.contextSize);
  }

  get size(): number {
    return this.slots.length;
  }

  get busy(): number {
    return this.slots.filter((slot) => slot.busy).length;
  }

  isIdle(): boolean {
    return this.slots.every((slot) => !slot.busy);
  }

  /** Conversations whose state is on a sequence right now. */
  warmConversations(): string[] {
    return this.slots.flatMap((slot) => (slot.owner === undefined ? [] : [slot.owner]));
  }

  tryAcquire(conversationKey: string | undefined): SlotLease | undefined {
    const free = this.slots.filter((slot) => !slot.busy);
    if (free.length === 0) return undefined;
    const warm =
      conversationKey === undefined ? undefined : free.find((slot) => slot.owner === conversationKey);
    const slot = warm ?? this.coldChoice(free);
    slot.busy = true;
    slot.lastUsed = ++this.clock;
    return { slot, warm: warm !== undefined, conversationKey };
  }

  /** Frees the sequence; its state stays as the conversation's warm state. */
  release(lease: SlotLease): void {
    const { slot, conversationKey } = lease;
    slot.busy = false;
    slot.lastUsed = ++this.clock;
    if (conversationKey === undefined) {
      slot.owner = undefined;
      return;
    }
    for (const other of this.slots)
      if (other !== slot && other.owner === conversationKey) other.owner = undefined;
    slot.owner = conversationKey;
  }

  async dispose(): Promise<void> {
    await Promise.allSettled(this.contexts.map((context) => context.dispose()));
  }

  private coldChoice(free: Slot[]): Slot {
    const busyPerLane = new Map<number, number>();
    for (const slot of this.slots)
      if (slot.busy) busyPerLane.set(slot.lane, (busyPerLane.get(slot.lane) ?? 0) + 1);
    const sorted = [...free].sort(
      (a, b) =>
        (busyPerLane.get(a.lane) ?? 0) - (busyPerLane.get(b.lane) ?? 0) ||
        Number(a.owner !== undefined) - Number(b.owner !== undefined) ||
        a.lastUsed - b.lastUsed,
    );
    return sorted[0];
  }
}
