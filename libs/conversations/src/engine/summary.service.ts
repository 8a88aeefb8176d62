import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { InferenceEngine } from '@cria/inference';
import { QueueName, enqueue, type MaintenanceJob } from '@cria/queue';
import { TenantDb } from '@cria/tenancy';
import { Conversation } from '../conversation.entity';

/** Messages after the summary that stay verbatim in prompts; older ones are summarised once there are more. */
export const KEEP_VERBATIM = 20;
const SUMMARISE_WHEN_MORE_THAN = 40;

const INSTRUCTIONS =
  'Summarise this customer conversation for the assistant who continues it: who the customer is, what they ' +
  'asked, what was answered or promised, and anything still open. At most six short sentences, no greeting.';

/**
 * Long conversations: messages older than the newest KEEP_VERBATIM are folded into a running summary
 * (background priority, so live chats go first), which prompts use in place of the dropped history.
 */
@Injectable()
export class SummaryService {
  private readonly logger = new Logger(SummaryService.name);

  constructor(
    private readonly db: TenantDb,
    private readonly inference: InferenceEngine,
    @InjectQueue(QueueName.Maintenance) private readonly maintenance: Queue<MaintenanceJob>,
  ) {}

  /**
   * After a turn: schedule a summary once enough history has built up since the last one. The turn already
   * read that history (more than SUMMARISE_WHEN_MORE_THAN rows fit in what it reads), so it passes the count.
   */
  async scheduleIfLong(
    tenantId: string,
    conversationId: string,
    messagesSinceSummary: number,
  ): Promise<void> {
    if (messagesSinceSummary <= SUMMARISE_WHEN_MORE_THAN) return;
    await enqueue(
      this.maintenance,
      'summarize',
      { kind: 'summarize', tenantId, conversationId },
      { jobId: `summarize-${conversationId}`, removeOnComplete: true },
    );
  }

  async summarise(tenantId: string, conversationId: string): Promise<boolean> {
    const input = await this.db.run(tenantId, async (m) => {
      const conversation = await m.findOneByOrFail(Conversation, { id: conversationId, tenantId });
      const older = await m.query<Array<{ id: string; direction: string; content: string }>>(
        `SELECT id, direction, content FROM messages
          WHERE conversation_id = $1 AND created_at > COALESCE($2, '-infinity'::timestamptz)
          ORDER BY created_at DESC, seq DESC OFFSET $3`,
        [conversationId, conversation.summaryUntil, KEEP_VERBATIM],
      );
      return { conversation, older: older.reverse() };
    });
    if (input.older.length === 0) return false;
    const transcript = input.older
      .map((m) => `${m.direction === 'inbound' ? 'Customer' : 'Business'}: ${m.content}`)
      .join('\n');
    const previous = input.conversation.summary ? `Summary so far: ${input.conversation.summary}\n\n` : '';
    const result = await this.inference.chat({
      tenantId,
      priority: 'background',
      system: INSTRUCTIONS,
      history: [{ role: 'user', content: `${previous}${transcript}` }],
      temperature: 0,
      maxTokens: 200,
    });
    // The newest summarised message's own timestamp, taken in SQL (a JS Date would lose the microseconds).
    await this.db.run(tenantId, (m) =>
      m.query(
        `UPDATE conversations SET summary = $2, summary_until = (SELECT created_at FROM messages WHERE id = $3) WHERE id = $1`,
        [conversationId, result.text.trim(), input.older[input.older.length - 1].id],
      ),
    );
    this.logger.log({ conversationId, messages: input.older.length }, 'conversation summarised');
    return true;
  }
}
