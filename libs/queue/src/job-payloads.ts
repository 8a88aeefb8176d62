/**
 * Typed job payloads. Every payload carries `tenantId`, and processors re-check it against the rows they
 * load. Jobs that are deliberately cross-tenant (the reconciler) say so with `tenantId: null`.
 */
export interface InboundJob {
  tenantId: string;
  eventId: string;
  channelId: string;
}

export interface TurnJob {
  tenantId: string;
  conversationId: string;
  /** `seq` of the customer message that scheduled this turn. */
  seq: number;
}

/** Job id of a turn: one per customer message, so a redelivered event never schedules a second one. */
export function turnJobId(conversationId: string, seq: number): string {
  return `turn-${conversationId}-${seq}`;
}

export interface OutboundJob {
  tenantId: string;
  messageId: string;
  channelId: string;
}

export type MaintenanceJob =
  | { kind: 'reconcile'; tenantId: null }
  | { kind: 'retention'; tenantId: null }
  | { kind: 'auto-close'; tenantId: null }
  | { kind: 'summarize'; tenantId: string; conversationId: string };

export interface PlaygroundJob {
  tenantId: string;
  sessionId: string;
  /** Where the worker publishes the reply's chunks (the api listens there). */
  requestId: string;
}

export interface KnowledgeJob {
  tenantId: string;
  documentId: string;
}

export interface JobPayloads {
  inbound: InboundJob;
  turns: TurnJob;
  outbound: OutboundJob;
  maintenance: MaintenanceJob;
  knowledge: KnowledgeJob;
  playground: PlaygroundJob;
}
