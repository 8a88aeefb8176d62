/** Every BullMQ queue of Cria. Names are part of Redis keys: never rename one without a migration plan. */
export const QueueName = {
  /** One job per stored inbound event (jobId = event id): the conversation pipeline. */
  Inbound: 'inbound',
  /** One job per outbound message row (jobId = message id): Graph API sends. */
  Outbound: 'outbound',
  /** Reconciler, retention, auto-close, summaries. */
  Maintenance: 'maintenance',
  /** Document ingestion for the knowledge base. */
  Knowledge: 'knowledge',
} as const;

export type QueueName = (typeof QueueName)[keyof typeof QueueName];

export const ALL_QUEUES: QueueName[] = Object.values(QueueName);
