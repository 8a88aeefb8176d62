/** Every BullMQ queue of Cria. Names are part of Redis keys: never rename one without a migration plan. */
export const QueueName = {
  /** One job per stored inbound event (jobId = event id): the conversation pipeline. */
  Inbound: 'inbound',
  /**
   * One job per customer message (delayed by the burst window): the bot's turn. The job of the latest
   * message in a burst answers the whole burst; earlier ones find a later message and step aside.
   */
  Turns: 'turns',
  /** One job per outbound message row (jobId = message id): Graph API sends. */
  Outbound: 'outbound',
  /** Admin playground replies (streamed back to the api over Redis pub/sub). */
  Playground: 'playground',
  /** Reconciler, retention, auto-close, summaries. */
  Maintenance: 'maintenance',
  /** Document ingestion for the knowledge base. */
  Knowledge: 'knowledge',
} as const;

export type QueueName = (typeof QueueName)[keyof typeof QueueName];

export const ALL_QUEUES: QueueName[] = Object.values(QueueName);

/**
 * Worker options for the message path's queues: a job whose worker died is noticed within seconds
 * (BullMQ's default lock of 30 s, checked every 30 s, left a killed worker's messages waiting up to a
 * minute). The lock is renewed every lockDuration / 2 while the job runs, so a live worker keeps its jobs.
 */
export const FAST_RECOVERY = { lockDuration: 10_000, stalledInterval: 5_000, maxStalledCount: 3 } as const;
