/**
 * Typed job payloads. Every payload carries `tenantId`, and processors re-check it against the rows they
 * load. Jobs that are deliberately cross-tenant (the reconciler) say so with `tenantId: null`.
 */
export interface InboundJob {
  tenantId: string;
  eventId: string;
  channelId: string;
}

export interface OutboundJob {
  tenantId: string;
  messageId: string;
  channelId: string;
}

export type MaintenanceJob = { kind: 'reconcile'; tenantId: null } | { kind: 'retention'; tenantId: null };

export interface KnowledgeJob {
  tenantId: string;
  documentId: string;
}

export interface JobPayloads {
  inbound: InboundJob;
  outbound: OutboundJob;
  maintenance: MaintenanceJob;
  knowledge: KnowledgeJob;
}
