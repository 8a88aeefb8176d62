import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { ownerQuery } from '@cria/testing';
import { InboxEventBus } from '@cria/queue';
import { ApiClient, addMember, signup, type Session } from '../support/api-client';
import { seedConversation, testQueue, type SeededConversation } from '../support/inbox-fixtures';
import { startTestApp, type TestApp } from '../support/test-app';

let app: TestApp;
let api: ApiClient;
let owner: Session;
let agent: Session;
let whatsapp: string;
let messenger: string;

async function channel(session: Session, type: string, externalId: string): Promise<string> {
  const assistant = await api.post(
    '/api/assistants',
    { name: 'Bot', instructions: 'x' },
    session.accessToken,
  );
  const res = await api.post(
    '/api/channels',
    { type, assistantId: assistant.body.id, externalId, accessToken: 'EAA' },
    session.accessToken,
  );
  assert.equal(res.status, 201, res.text);
  return res.body.id;
}

before(async () => {
  app = await startTestApp({ worker: false });
  api = new ApiClient(app.url);
  owner = await signup(api, 'Inbox Co');
  agent = await addMember(api, app, owner, 'agent');
  whatsapp = await channel(owner, 'whatsapp', `wa-${randomUUID().slice(0, 8)}`);
  messenger = await channel(owner, 'messenger', `page-${randomUUID().slice(0, 8)}`);
});
after(() => app.close());

describe('reading the inbox', () => {
  let older: SeededConversation;
  let newer: SeededConversation;
  let onMessenger: SeededConversation;

  before(async () => {
    older = await seedConversation(app, {
      tenantId: owner.tenantId,
      channelId: whatsapp,
      contactName: 'Olivia',
      minutesAgo: 30,
      messages: ['Do you deliver croissants on Sunday?', 'Yes, until noon.', 'Great, thanks'],
    });
    newer = await seedConversation(app, {
      tenantId: owner.tenantId,
      channelId: whatsapp,
      contactName: 'Noah',
      minutesAgo: 5,
      state: 'human',
      messages: ['My order #4411 never arrived'],
    });
    onMessenger = await seedConversation(app, {
      tenantId: owner.tenantId,
      channelId: messenger,
      contactName: 'Mia',
      minutesAgo: 10,
      windowMinutes: -60,
      messages: ['Bonjour, vous êtes ouverts ?'],
    });
  });

  test('newest activity first, with contact, last message preview, state and window', async () => {
    const res = await api.get('/api/conversations', agent.accessToken);
    assert.equal(res.status, 200, res.text);
    const ids = res.body.items.map((c: { id: string }) => c.id);
    assert.deepEqual(
      ids.filter((id: string) => [older, newer, onMessenger].some((s) => s.conversationId === id)),
      [newer.conversationId, onMessenger.conversationId, older.conversationId],
    );
    const first = res.body.items.find((c: { id: string }) => c.id === older.conversationId);
    assert.equal(first.contact.name, 'Olivia');
    assert.equal(first.lastMessage.preview, 'Great, thanks');
    assert.equal(first.lastMessage.direction, 'inbound');
    assert.equal(first.channel.type, 'whatsapp');
    assert.equal(first.state, 'bot');
    assert.equal(first.windowOpen, true);
    assert.ok(Date.parse(String(first.windowExpiresAt)) > Date.now());
    const closedWindow = res.body.items.find((c: { id: string }) => c.id === onMessenger.conversationId);
    assert.equal(closedWindow.windowOpen, false);
  });

  test('filters: channel, state, assignee; full-text search over messages', async () => {
    const ids = async (query: string) =>
      (
        (await api.get(`/api/conversations?${query}`, agent.accessToken)).body.items as Array<{ id: string }>
      ).map((c) => c.id);
    assert.deepEqual(await ids(`channelId=${messenger}`), [onMessenger.conversationId]);
    assert.deepEqual(await ids('state=human'), [newer.conversationId]);
    assert.deepEqual(await ids('q=croissants'), [older.conversationId]);
    assert.deepEqual(await ids('q=croissant'), [], 'whole words (simple dictionary, no stemming)');
    assert.deepEqual(await ids('q=order -croissants'), [newer.conversationId]);
    assert.deepEqual(await ids('q=%22never arrived%22'), [newer.conversationId]);
    assert.deepEqual(await ids('q=Mia'), [onMessenger.conversationId], 'the contact name matches too');
    await api.post(
      `/api/conversations/${older.conversationId}/assign`,
      { userId: agent.userId },
      owner.accessToken,
    );
    assert.deepEqual(await ids(`assigneeId=${agent.userId}`), [older.conversationId]);
    assert.deepEqual(
      (await api.get('/api/conversations?assigneeId=me', agent.accessToken)).body.items.map(
        (c: { id: string }) => c.id,
      ),
      [older.conversationId],
    );
    assert.ok(!(await ids('assigneeId=none')).includes(older.conversationId));
    const bad = await api.get('/api/conversations?state=sleeping', agent.accessToken);
    assert.equal(bad.status, 400);
    assert.match(bad.body.message, /state/);
  });

  test('cursor pagination walks every conversation once', async () => {
    const all = (await api.get('/api/conversations?limit=100', agent.accessToken)).body.items.map(
      (c: { id: string }) => c.id,
    );
    const walked: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await api.get(
        `/api/conversations?limit=1${cursor ? `&cursor=${cursor}` : ''}`,
        agent.accessToken,
      );
      assert.ok(page.body.items.length <= 1);
      walked.push(...page.body.items.map((c: { id: string }) => c.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    assert.deepEqual(walked, all);
  });

  test('messages: latest page first, oldest → newest within a page, statuses included', async () => {
    const page = await api.get(
      `/api/conversations/${older.conversationId}/messages?limit=2`,
      agent.accessToken,
    );
    assert.equal(page.status, 200, page.text);
    assert.deepEqual(
      page.body.items.map((m: { content: string }) => m.content),
      ['Yes, until noon.', 'Great, thanks'],
    );
    assert.equal(page.body.items[0].status, 'delivered');
    assert.equal(page.body.items[0].direction, 'outbound');
    const previous = await api.get(
      `/api/conversations/${older.conversationId}/messages?limit=2&cursor=${page.body.nextCursor}`,
      agent.accessToken,
    );
    assert.deepEqual(
      previous.body.items.map((m: { content: string }) => m.content),
      ['Do you deliver croissants on Sunday?'],
    );
    assert.equal(previous.body.nextCursor, null);
    await ownerQuery(
      app.db.url,
      `UPDATE messages SET status = 'failed', error_code = '131047', error_title = 'Re-engagement message' WHERE id = $1`,
      [older.messageIds[1]],
    );
    const failed = await api.get(`/api/conversations/${older.conversationId}/messages`, agent.accessToken);
    assert.deepEqual(
      {
        status: failed.body.items[1].status,
        code: failed.body.items[1].errorCode,
        title: failed.body.items[1].errorTitle,
      },
      { status: 'failed', code: '131047', title: 'Re-engagement message' },
    );
  });
});

describe('handover and replies', () => {
  test('takeover → human and assigned to the caller; handback → bot; close; assign', async () => {
    const convo = await seedConversation(app, { tenantId: owner.tenantId, channelId: whatsapp });
    const path = `/api/conversations/${convo.conversationId}`;
    const taken = await api.post(`${path}/takeover`, {}, agent.accessToken);
    assert.equal(taken.status, 200, taken.text);
    assert.equal(taken.body.state, 'human');
    assert.equal(taken.body.assigneeUserId, agent.userId);
    const back = await api.post(`${path}/handback`, {}, agent.accessToken);
    assert.equal(back.body.state, 'bot');
    assert.equal(back.body.assigneeUserId, null);
    const assigned = await api.post(`${path}/assign`, { userId: owner.userId }, agent.accessToken);
    assert.equal(assigned.body.assigneeUserId, owner.userId);
    const notMember = await api.post(`${path}/assign`, { userId: randomUUID() }, agent.accessToken);
    assert.equal(notMember.status, 404);
    const closed = await api.post(`${path}/close`, {}, agent.accessToken);
    assert.equal(closed.body.state, 'closed');
    assert.ok(closed.body.closedAt);
    const reopen = await api.post(`${path}/takeover`, {}, agent.accessToken);
    assert.equal(reopen.status, 409);
    assert.equal(reopen.body.code, 'conversation_closed');
    const audit = await api.get(`/api/audit-log?targetId=${convo.conversationId}`, owner.accessToken);
    assert.deepEqual(
      audit.body.items.map((e: { action: string }) => e.action),
      ['conversation.close', 'conversation.assign', 'conversation.handback', 'conversation.takeover'],
    );
  });

  test('a reply inside the window is stored pending and queued for sending with the message id as job id', async () => {
    const convo = await seedConversation(app, {
      tenantId: owner.tenantId,
      channelId: whatsapp,
      windowMinutes: 90,
    });
    const reply = await api.post(
      `/api/conversations/${convo.conversationId}/reply`,
      { text: 'Hello, this is Ana from the team.' },
      agent.accessToken,
    );
    assert.equal(reply.status, 201, reply.text);
    assert.equal(reply.body.status, 'pending');
    assert.equal(reply.body.role, 'agent');
    assert.equal(reply.body.direction, 'outbound');
    assert.equal(reply.body.authorUserId, agent.userId);
    const [row] = await ownerQuery<{ idempotency_key: string; tenant_id: string }>(
      app.db.url,
      `SELECT idempotency_key, tenant_id FROM messages WHERE id = $1`,
      [reply.body.id],
    );
    assert.match(row.idempotency_key, /^agent:[0-9a-f-]{36}$/);
    const queue = testQueue(app, 'outbound');
    try {
      const job = await queue.getJob(reply.body.id);
      assert.ok(job, 'job queued');
      assert.deepEqual(job.data, { tenantId: owner.tenantId, messageId: reply.body.id, channelId: whatsapp });
    } finally {
      await queue.close();
    }
    const listed = await api.get(`/api/conversations/${convo.conversationId}`, agent.accessToken);
    assert.equal(listed.body.lastMessage.id, reply.body.id);
  });

  test('the same clientMessageId twice sends one message', async () => {
    const convo = await seedConversation(app, { tenantId: owner.tenantId, channelId: whatsapp });
    const clientMessageId = randomUUID();
    const first = await api.post(
      `/api/conversations/${convo.conversationId}/reply`,
      { text: 'once', clientMessageId },
      agent.accessToken,
    );
    const second = await api.post(
      `/api/conversations/${convo.conversationId}/reply`,
      { text: 'once', clientMessageId },
      agent.accessToken,
    );
    assert.equal(first.status, 201);
    assert.equal(second.body.id, first.body.id);
    const [{ n }] = await ownerQuery<{ n: number }>(
      app.db.url,
      `SELECT count(*)::int AS n FROM messages WHERE conversation_id = $1 AND role = 'agent'`,
      [convo.conversationId],
    );
    assert.equal(n, 1);
  });

  test('outside the 24 h window (or before any customer message) a reply is refused: 409 window_closed, nothing queued', async () => {
    const queue = testQueue(app, 'outbound');
    try {
      for (const windowMinutes of [-5, null]) {
        const convo = await seedConversation(app, {
          tenantId: owner.tenantId,
          channelId: whatsapp,
          windowMinutes,
        });
        const before = await queue.getJobCounts();
        const res = await api.post(
          `/api/conversations/${convo.conversationId}/reply`,
          { text: 'Are you there?' },
          agent.accessToken,
        );
        assert.equal(res.status, 409, res.text);
        assert.equal(res.body.code, 'window_closed');
        assert.match(res.body.message, /24 hours/);
        const [{ n }] = await ownerQuery<{ n: number }>(
          app.db.url,
          `SELECT count(*)::int AS n FROM messages WHERE conversation_id = $1 AND direction = 'outbound'`,
          [convo.conversationId],
        );
        assert.equal(n, 0, 'no message row');
        assert.deepEqual(await queue.getJobCounts(), before, 'no job');
      }
    } finally {
      await queue.close();
    }
  });

  test('replies longer than the platform allows are refused naming text', async () => {
    const convo = await seedConversation(app, { tenantId: owner.tenantId, channelId: messenger });
    const res = await api.post(
      `/api/conversations/${convo.conversationId}/reply`,
      { text: 'é'.repeat(2001) },
      agent.accessToken,
    );
    assert.equal(res.status, 400);
    assert.match(res.body.message, /text is too long for this channel \(messenger: 2000/);
    const blank = await api.post(
      `/api/conversations/${convo.conversationId}/reply`,
      { text: '   ' },
      agent.accessToken,
    );
    assert.equal(blank.status, 400);
  });
});

describe('live inbox stream', () => {
  interface Stream {
    events: Array<Record<string, unknown>>;
    raw: string;
    close(): void;
    waitFor(predicate: (e: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  }

  async function openStream(url: string, headers: Record<string, string> = {}): Promise<Stream> {
    const controller = new AbortController();
    const response = await fetch(url, { headers, signal: controller.signal });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /text\/event-stream/);
    const stream: Stream = {
      events: [],
      raw: '',
      close: () => controller.abort(),
      waitFor: (predicate) =>
        new Promise((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`no matching event; got ${stream.raw}`)), 3_000);
          const check = setInterval(() => {
            const found = stream.events.find(predicate);
            if (found) {
              clearTimeout(timer);
              clearInterval(check);
              resolve(found);
            }
          }, 20);
        }),
    };
    void (async () => {
      const decoder = new TextDecoder();
      try {
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
          stream.raw += decoder.decode(chunk, { stream: true });
          for (const match of stream.raw.matchAll(/^data: (.+)$/gm)) {
            const event = JSON.parse(match[1]) as Record<string, unknown>;
            if (!stream.events.some((e) => JSON.stringify(e) === JSON.stringify(event)))
              stream.events.push(event);
          }
        }
      } catch {
        // aborted
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 100));
    return stream;
  }

  test('state changes and replies arrive as server-sent events, for this workspace only', async () => {
    const other = await signup(api, 'Elsewhere');
    const mine = await openStream(`${app.url}/api/inbox/stream?access_token=${agent.accessToken}`);
    const theirs = await openStream(`${app.url}/api/inbox/stream`, {
      authorization: `Bearer ${other.accessToken}`,
    });
    try {
      assert.match(mine.raw, /^retry: \d+/);
      const convo = await seedConversation(app, { tenantId: owner.tenantId, channelId: whatsapp });
      await api.post(`/api/conversations/${convo.conversationId}/takeover`, {}, agent.accessToken);
      const updated = await mine.waitFor((e) => e.conversationId === convo.conversationId);
      assert.equal(updated.type, 'conversation.updated');
      assert.ok(!Number.isNaN(Date.parse(String(updated.at))));
      const reply = await api.post(
        `/api/conversations/${convo.conversationId}/reply`,
        { text: 'On it' },
        agent.accessToken,
      );
      const created = await mine.waitFor((e) => e.type === 'message.created');
      assert.equal(created.messageId, reply.body.id);
      // what another process publishes (the conversation engine) reaches the stream too
      await app.app.get(InboxEventBus).publish(owner.tenantId, {
        type: 'message.updated',
        conversationId: convo.conversationId,
        messageId: reply.body.id,
      });
      await mine.waitFor((e) => e.type === 'message.updated');
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.deepEqual(theirs.events, [], 'another workspace hears nothing');
    } finally {
      mine.close();
      theirs.close();
    }
  });

  test('the query token is accepted on the stream only', async () => {
    const res = await api.get(`/api/conversations?access_token=${agent.accessToken}`);
    assert.equal(res.status, 401);
    const bad = await fetch(`${app.url}/api/inbox/stream?access_token=not-a-token`);
    assert.equal(bad.status, 401);
  });
});

describe('contacts', () => {
  test('list, search, detail, and the opt-out toggle', async () => {
    const convo = await seedConversation(app, {
      tenantId: owner.tenantId,
      channelId: messenger,
      contactName: 'Zoé Contact',
      externalId: 'psid-778899',
    });
    const found = await api.get('/api/contacts?q=zoé', agent.accessToken);
    assert.deepEqual(
      found.body.items.map((c: { id: string }) => c.id),
      [convo.contactId],
    );
    assert.deepEqual(
      (await api.get('/api/contacts?q=psid-7788', agent.accessToken)).body.items.map(
        (c: { id: string }) => c.id,
      ),
      [convo.contactId],
    );
    const detail = await api.get(`/api/contacts/${convo.contactId}`, agent.accessToken);
    assert.equal(detail.body.conversations, 1);
    assert.equal(detail.body.channelType, 'messenger');
    assert.equal(detail.body.optedOut, false);

    const out = await api.patch(`/api/contacts/${convo.contactId}`, { optedOut: true }, agent.accessToken);
    assert.equal(out.body.optedOut, true);
    assert.ok(out.body.optedOutAt);
    const [row] = await ownerQuery<{ opted_out_at: Date | null }>(
      app.db.url,
      `SELECT opted_out_at FROM contacts WHERE id = $1`,
      [convo.contactId],
    );
    assert.ok(row.opted_out_at);
    assert.ok(
      (await api.get('/api/contacts?optedOut=true', agent.accessToken)).body.items.some(
        (c: { id: string }) => c.id === convo.contactId,
      ),
    );
    assert.ok(
      !(await api.get('/api/contacts?optedOut=false', agent.accessToken)).body.items.some(
        (c: { id: string }) => c.id === convo.contactId,
      ),
    );
    const conversation = await api.get(`/api/conversations/${convo.conversationId}`, agent.accessToken);
    assert.equal(conversation.body.contact.optedOut, true);
    const back = await api.patch(`/api/contacts/${convo.contactId}`, { optedOut: false }, agent.accessToken);
    assert.equal(back.body.optedOut, false);
    const audit = await api.get(`/api/audit-log?targetId=${convo.contactId}`, owner.accessToken);
    assert.deepEqual(
      audit.body.items.map((e: { action: string }) => e.action),
      ['contact.opt_in', 'contact.opt_out'],
    );
    const bad = await api.patch(`/api/contacts/${convo.contactId}`, { optedOut: 'yes' }, agent.accessToken);
    assert.equal(bad.status, 400);
    assert.match(bad.body.message, /optedOut must be a boolean/);
  });
});
