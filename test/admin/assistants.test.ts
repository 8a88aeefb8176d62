import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { AssistantVersionService } from '@cria/assistants';
import { ownerQuery } from '@cria/testing';
import { ApiClient, signup, type Session } from '../support/api-client';
import { startTestApp, type TestApp } from '../support/test-app';

let app: TestApp;
let api: ApiClient;
let admin: Session;

before(async () => {
  app = await startTestApp({ worker: false });
  api = new ApiClient(app.url);
  admin = await signup(api, 'Assistants Inc');
});
after(() => app.close());

const create = (body: Record<string, unknown>) => api.post('/api/assistants', body, admin.accessToken);

test('a new assistant is published at once as version 1, with defaults for what was not given', async () => {
  const res = await create({
    name: 'Front desk',
    instructions: 'You answer questions about opening hours.',
    greeting: 'Hi!',
    model: { temperature: 0.2 },
  });
  assert.equal(res.status, 201, res.text);
  assert.equal(res.body.publishedVersion, 1);
  assert.equal(res.body.hasDraftChanges, false);
  assert.equal(res.body.greeting, 'Hi!');
  assert.equal(res.body.model.temperature, 0.2);
  assert.equal(res.body.model.maxTokens, 256, 'defaults fill the rest of a nested object');
  assert.ok(res.body.handover.phrases.length > 0);
  const published = await app.app.get(AssistantVersionService).findPublished(admin.tenantId, res.body.id);
  assert.equal(published?.version, 1);
  assert.equal(published?.config.instructions, 'You answer questions about opening hours.');
});

test('edits make a draft; publish makes version 2; rollback re-publishes an old config as version 3', async () => {
  const { body: created } = await create({ name: 'Versions', instructions: 'First instructions' });
  const id = String(created.id);
  const versions = app.app.get(AssistantVersionService);

  const edited = await api.patch(
    `/api/assistants/${id}`,
    { instructions: 'Second instructions', handover: { message: 'A human is coming' } },
    admin.accessToken,
  );
  assert.equal(edited.status, 200, edited.text);
  assert.equal(edited.body.hasDraftChanges, true);
  assert.equal(edited.body.publishedVersion, 1);
  assert.equal(edited.body.handover.message, 'A human is coming');
  assert.ok(edited.body.handover.phrases.length > 0, 'a nested patch keeps the other keys');
  assert.equal((await versions.findPublished(admin.tenantId, id))?.config.instructions, 'First instructions');

  const published = await api.post(`/api/assistants/${id}/publish`, {}, admin.accessToken);
  assert.equal(published.status, 200, published.text);
  assert.equal(published.body.publishedVersion, 2);
  assert.equal(published.body.hasDraftChanges, false);
  assert.equal(
    (await versions.findPublished(admin.tenantId, id))?.config.instructions,
    'Second instructions',
  );

  const nothing = await api.post(`/api/assistants/${id}/publish`, {}, admin.accessToken);
  assert.equal(nothing.status, 409);
  assert.equal(nothing.body.code, 'nothing_to_publish');

  const rolledBack = await api.post(`/api/assistants/${id}/rollback`, { version: 1 }, admin.accessToken);
  assert.equal(rolledBack.status, 200, rolledBack.text);
  assert.equal(rolledBack.body.publishedVersion, 3);
  assert.equal(rolledBack.body.instructions, 'First instructions');
  assert.equal(rolledBack.body.hasDraftChanges, false);
  assert.equal((await versions.findPublished(admin.tenantId, id))?.config.instructions, 'First instructions');

  const list = await api.get(`/api/assistants/${id}/versions`, admin.accessToken);
  assert.deepEqual(
    list.body.items.map((v: { version: number; current: boolean }) => [v.version, v.current]),
    [
      [3, true],
      [2, false],
      [1, false],
    ],
  );
  assert.equal(list.body.items[1].config.instructions, 'Second instructions');
  assert.equal(
    (await api.post(`/api/assistants/${id}/rollback`, { version: 9 }, admin.accessToken)).status,
    404,
  );

  const page = await api.get(`/api/assistants/${id}/versions?limit=2`, admin.accessToken);
  assert.equal(page.body.items.length, 2);
  const rest = await api.get(
    `/api/assistants/${id}/versions?limit=2&cursor=${page.body.nextCursor}`,
    admin.accessToken,
  );
  assert.deepEqual(
    rest.body.items.map((v: { version: number }) => v.version),
    [1],
  );
  assert.equal(rest.body.nextCursor, null);
});

test('editing back to the published configuration leaves no draft changes', async () => {
  const { body } = await create({ name: 'Undo', instructions: 'Original' });
  await api.patch(`/api/assistants/${body.id}`, { instructions: 'Changed' }, admin.accessToken);
  const back = await api.patch(`/api/assistants/${body.id}`, { instructions: 'Original' }, admin.accessToken);
  assert.equal(back.body.hasDraftChanges, false);
  const renamed = await api.patch(`/api/assistants/${body.id}`, { name: 'Renamed' }, admin.accessToken);
  assert.equal(renamed.body.name, 'Renamed');
  assert.equal(renamed.body.hasDraftChanges, false, 'the name is not versioned');
});

test('tools, templates and optional settings are stored, cleared with null, and validated', async () => {
  const tool = {
    name: 'lookup_order',
    description: 'Finds an order by its number',
    parameters: { type: 'object', properties: { orderId: { type: 'string' } }, required: ['orderId'] },
    http: {
      url: 'https://api.example.com/orders',
      method: 'GET',
      headers: { 'X-Api-Key': 'k' },
      timeoutMs: 5000,
    },
  };
  const res = await create({
    name: 'Tools',
    instructions: 'Use tools',
    tools: [tool],
    closedWindowTemplate: { name: 'follow_up', language: 'en_US' },
    model: { loraAdapter: 'models/adapters/shop.gguf', seed: 42 },
    knowledge: { enabled: true },
  });
  assert.equal(res.status, 201, res.text);
  assert.deepEqual(res.body.tools[0].allowHosts, ['api.example.com'], 'allowHosts defaults to the URL host');
  assert.deepEqual(res.body.closedWindowTemplate, { name: 'follow_up', language: 'en_US' });
  assert.equal(res.body.model.loraAdapter, 'models/adapters/shop.gguf');
  assert.equal(res.body.knowledge.enabled, true);
  assert.equal(res.body.knowledge.showCitations, false);

  const cleared = await api.patch(
    `/api/assistants/${res.body.id}`,
    { closedWindowTemplate: null, model: { seed: null } },
    admin.accessToken,
  );
  assert.equal(cleared.status, 200, cleared.text);
  assert.equal(cleared.body.closedWindowTemplate, undefined);
  assert.equal(cleared.body.model.seed, undefined);
  assert.equal(cleared.body.model.loraAdapter, 'models/adapters/shop.gguf');

  const badHost = await create({
    name: 'x',
    instructions: 'x',
    tools: [{ ...tool, allowHosts: ['elsewhere.example.com'] }],
  });
  assert.equal(badHost.status, 400);
  assert.match(badHost.body.message, /tools\.0\.allowHosts/);
  const duplicate = await create({ name: 'x', instructions: 'x', tools: [tool, tool] });
  assert.equal(duplicate.status, 400);
  assert.match(duplicate.body.message, /tools\.1\.name/);
});

test('unknown fields, wrong types and oversized strings are 400 naming the field, nested ones too', async () => {
  const cases: Array<[Record<string, unknown>, RegExp]> = [
    [{ name: 'x', instructions: 'x', colour: 'blue' }, /colour should not exist/],
    [{ name: 'x', instructions: 'x', model: { temperature: 0.5, turbo: true } }, /turbo should not exist/],
    [{ name: 'x', instructions: 'x', model: { temperature: 'hot' } }, /temperature must be a number/],
    [{ name: 'x', instructions: 'x', model: { temperature: 3 } }, /temperature must not be greater than 2/],
    [{ name: 'x' }, /instructions/],
    [{ name: 'x'.repeat(201), instructions: 'x' }, /name must be shorter than or equal to 200/],
    [{ name: 'x', instructions: 'x'.repeat(20_001) }, /instructions must be shorter/],
    [{ name: 'x', instructions: 'x', greeting: 42 }, /greeting must be a string/],
    [{ name: 'x', instructions: 'x', handover: { phrases: 'help' } }, /phrases must be an array/],
    [
      { name: 'x', instructions: 'x', tools: [{ name: 'bad name!', description: 'd' }] },
      /tools\.0\.name|name must/,
    ],
    [
      {
        name: 'x',
        instructions: 'x',
        tools: [{ name: 't', description: 'd', http: { url: 'ftp://x', method: 'GET' } }],
      },
      /url must be an http\(s\) URL/,
    ],
    [
      {
        name: 'x',
        instructions: 'x',
        tools: [{ name: 't', description: 'd', http: { url: 'https://a.b', method: 'GET', extra: 1 } }],
      },
      /extra should not exist/,
    ],
    [{ name: 'x', instructions: 'x', model: { loraAdapter: '../../etc/passwd.gguf' } }, /model\.loraAdapter/],
    [
      { name: 'x', instructions: 'x', closedWindowTemplate: { name: 'Hello World', language: 'en' } },
      /closedWindowTemplate\.name/,
    ],
  ];
  for (const [body, message] of cases) {
    const res = await create(body);
    assert.equal(res.status, 400, `${JSON.stringify(body).slice(0, 80)} → ${res.status}`);
    assert.match(res.body.message, message, JSON.stringify(body).slice(0, 80));
  }
  const patch = await api.patch(
    `/api/assistants/${(await create({ name: 'p', instructions: 'p' })).body.id}`,
    { knowledge: { enabled: 'yes' } },
    admin.accessToken,
  );
  assert.equal(patch.status, 400);
  assert.match(patch.body.message, /enabled must be a boolean/);
});

test('delete is soft: the assistant disappears, its channels stop being served, versions stay', async () => {
  const { body } = await create({ name: 'Doomed', instructions: 'x' });
  const channel = await api.post(
    '/api/channels',
    { type: 'instagram', assistantId: body.id, externalId: 'ig-doomed', accessToken: 'IGtoken' },
    admin.accessToken,
  );
  assert.equal(channel.status, 201);
  assert.equal((await api.delete(`/api/assistants/${body.id}`, admin.accessToken)).status, 204);
  assert.equal((await api.get(`/api/assistants/${body.id}`, admin.accessToken)).status, 404);
  assert.equal((await api.delete(`/api/assistants/${body.id}`, admin.accessToken)).status, 404);
  assert.ok(
    !(await api.get('/api/assistants', admin.accessToken)).body.items.some(
      (a: { id: string }) => a.id === body.id,
    ),
  );
  assert.equal(await app.app.get(AssistantVersionService).findPublished(admin.tenantId, body.id), null);
  const [row] = await ownerQuery<{ deleted_at: Date | null; versions: number }>(
    app.db.url,
    `SELECT deleted_at, (SELECT count(*)::int FROM assistant_versions WHERE assistant_id = $1) AS versions
       FROM assistants WHERE id = $1`,
    [body.id],
  );
  assert.ok(row.deleted_at);
  assert.equal(row.versions, 1);
  const pointing = await api.post(
    '/api/channels',
    { type: 'instagram', assistantId: body.id, externalId: 'ig-other', accessToken: 'IGtoken' },
    admin.accessToken,
  );
  assert.equal(pointing.status, 404, 'a deleted assistant cannot be given to a channel');
});

test('the list pages with a cursor, newest first, and filters by name', async () => {
  const fresh = await signup(api, 'Paging');
  for (const name of ['Alpha', 'Beta', 'Gamma', 'Delta', 'Epsilon']) {
    await api.post('/api/assistants', { name, instructions: 'x' }, fresh.accessToken);
  }
  const first = await api.get('/api/assistants?limit=2', fresh.accessToken);
  assert.deepEqual(
    first.body.items.map((a: { name: string }) => a.name),
    ['Epsilon', 'Delta'],
  );
  const second = await api.get(`/api/assistants?limit=2&cursor=${first.body.nextCursor}`, fresh.accessToken);
  const third = await api.get(`/api/assistants?limit=2&cursor=${second.body.nextCursor}`, fresh.accessToken);
  assert.deepEqual(
    [...second.body.items, ...third.body.items].map((a: { name: string }) => a.name),
    ['Gamma', 'Beta', 'Alpha'],
  );
  assert.equal(third.body.nextCursor, null);
  const filtered = await api.get('/api/assistants?q=ta', fresh.accessToken);
  assert.deepEqual(
    filtered.body.items.map((a: { name: string }) => a.name),
    ['Delta', 'Beta'],
  );
  const bad = await api.get('/api/assistants?cursor=nonsense', fresh.accessToken);
  assert.equal(bad.status, 400);
  assert.match(bad.body.message, /cursor/);
  const tooMany = await api.get('/api/assistants?limit=1000', fresh.accessToken);
  assert.equal(tooMany.status, 400);
  assert.match(tooMany.body.message, /limit/);
});
