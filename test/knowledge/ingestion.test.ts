import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { KNOWLEDGE_RETRIEVER, type KnowledgeRetriever } from '@cria/knowledge';
import { ownerQuery } from '@cria/testing';
import { ApiClient, signup, type Session } from '../support/api-client';
import { startTestApp, type TestApp } from '../support/test-app';
import { minimalDocx, minimalPdf } from './document-fixtures';
import { createAssistant, search as searchAs, settled, upload, type SearchBody } from './knowledge-client';

let app: TestApp;
let api: ApiClient;
let owner: Session;

before(async () => {
  app = await startTestApp();
  api = new ApiClient(app.url);
  owner = await signup(api, 'Knowledge');
});
after(() => app.close());

function search(query: string, extra: Record<string, unknown> = {}): Promise<SearchBody> {
  return searchAs(api, owner.accessToken, query, { k: 10, ...extra });
}

test('every format is extracted, ingested to 100% and found by its words', async () => {
  const files: Array<[string, Buffer, string]> = [
    ['notes.txt', Buffer.from('Plain text about the quokkatxt marker.\n\nSecond paragraph.'), 'quokkatxt'],
    ['guide.md', Buffer.from('# Guide\n\nMarkdown mentions the wombatmd marker.\n'), 'wombatmd'],
    ['page.html', Buffer.from('<h1>Page</h1><p>HTML holds the numbathtml marker.</p>'), 'numbathtml'],
    ['leaflet.pdf', minimalPdf(['The PDF names the bilbypdf marker.']), 'bilbypdf'],
    [
      'manual.docx',
      minimalDocx([{ text: 'Manual', heading: 1 }, { text: 'The DOCX keeps the dingodocx marker.' }]),
      'dingodocx',
    ],
    ['prices.csv', Buffer.from('Product,Price\nEchidnacsv lamp,12 EUR\n'), 'echidnacsv'],
  ];
  const ids = new Map<string, string>();
  for (const [name, bytes] of files) {
    const res = await upload(api, owner.accessToken, name, bytes);
    assert.equal(res.status, 201, res.text);
    assert.equal(res.body.name, name);
    ids.set(name, res.body.id);
  }
  const pasted = await api.post(
    '/api/knowledge/documents',
    { name: 'Pasted', text: '## Note\n\nPasted text about the platypuspaste marker.' },
    owner.accessToken,
  );
  assert.equal(pasted.status, 201, pasted.text);
  const faq = await api.post(
    '/api/knowledge/documents',
    { name: 'FAQ', faq: [{ question: 'Do you sell kiwifaq birds?', answer: 'No, only lamps.' }] },
    owner.accessToken,
  );
  assert.equal(faq.status, 201, faq.text);
  ids.set('Pasted', pasted.body.id).set('FAQ', faq.body.id);
  const markers = new Map([...files.map(([name, , marker]) => [name, marker] as const)]);
  markers.set('Pasted', 'platypuspaste').set('FAQ', 'kiwifaq');

  for (const [name, id] of ids) {
    const document = await settled(api, owner.accessToken, id);
    assert.equal(document.status, 'ready', `${name}: ${document.error}`);
    assert.equal(document.progress, 100);
    assert.equal(document.stage, 'done');
    assert.ok(document.chunkCount > 0, name);
    assert.match(document.embeddingModel ?? '', /\.gguf#[0-9a-f]{16}$/);
    const result = await search(`${markers.get(name)}`);
    assert.equal(result.mode, 'hybrid');
    const hit = result.passages.find((p) => p.textScore !== null);
    assert.ok(hit, `${name}: no full-text hit for ${markers.get(name)}`);
    assert.equal(hit.documentId, id, name);
    assert.match(hit.content.toLowerCase(), new RegExp(markers.get(name) ?? ''));
  }
  const list = await api.get('/api/knowledge/documents?limit=3', owner.accessToken);
  assert.equal(list.status, 200);
  assert.equal(list.body.items.length, 3);
  assert.ok(list.body.nextCursor);
});

test('the full-text side finds the passage with an exact product name or price', async () => {
  const catalogue = [
    '# Catalogue',
    ...Array.from(
      { length: 12 },
      (_, i) => `## Lamp ${i}\n\nThe Aurora L${i} reading lamp is warm and costs ${20 + i}.50 EUR.`,
    ),
    '## Zephyr\n\nThe Zephyr X200 desk fan is quiet. It costs 149.99 EUR with free delivery.',
  ].join('\n\n');
  const res = await upload(api, owner.accessToken, 'catalogue.md', Buffer.from(catalogue));
  assert.equal(res.status, 201, res.text);
  assert.equal((await settled(api, owner.accessToken, res.body.id)).status, 'ready');

  for (const query of ['How much is the Zephyr X200?', 'Which product costs 149.99?']) {
    const { passages } = await search(query);
    const best = [...passages]
      .filter((p) => p.textScore !== null)
      .sort((a, b) => (b.textScore ?? 0) - (a.textScore ?? 0))[0];
    assert.ok(best, query);
    assert.match(best.content, /Zephyr X200 desk fan/, query);
    assert.equal(best.heading, 'Catalogue > Zephyr');
    for (const p of passages) {
      assert.equal(typeof p.score, 'number');
      assert.equal(typeof p.documentName, 'string');
      assert.equal(typeof p.position, 'number');
    }
  }
});

test('an unreadable PDF fails with a clear reason, and a PDF without text says so', async () => {
  const broken = await upload(
    api,
    owner.accessToken,
    'broken.pdf',
    Buffer.from('%PDF-1.4\nnot a pdf at all'),
  );
  assert.equal(broken.status, 201, broken.text);
  const failed = await settled(api, owner.accessToken, broken.body.id);
  assert.equal(failed.status, 'failed');
  assert.equal(failed.stage, 'failed');
  assert.match(failed.error ?? '', /^could not read PDF: /);

  const empty = await upload(api, owner.accessToken, 'scan.pdf', minimalPdf([]));
  const none = await settled(api, owner.accessToken, empty.body.id);
  assert.equal(none.status, 'failed');
  assert.match(none.error ?? '', /no text found/);
});

test('deleting a document leaves no chunk', async () => {
  const res = await api.post(
    '/api/knowledge/documents',
    { name: 'Doomed', text: Array.from({ length: 30 }, (_, i) => `Paragraph ${i} about gnus.`).join('\n\n') },
    owner.accessToken,
  );
  const document = await settled(api, owner.accessToken, res.body.id);
  assert.equal(document.status, 'ready');
  const count = async () =>
    (
      await ownerQuery<{ n: number }>(
        app.db.url,
        `SELECT count(*)::int AS n FROM knowledge_chunks WHERE document_id = $1`,
        [document.id],
      )
    )[0].n;
  assert.equal(await count(), document.chunkCount);
  assert.ok(document.chunkCount > 0);
  assert.equal((await api.delete(`/api/knowledge/documents/${document.id}`, owner.accessToken)).status, 204);
  assert.equal(await count(), 0);
  assert.equal((await api.get(`/api/knowledge/documents/${document.id}`, owner.accessToken)).status, 404);
  const { passages } = await search('gnus');
  assert.ok(passages.every((p) => p.documentId !== document.id));
});

test('uploads over the limit are 413, unknown types and empty requests 400, each naming the problem', async () => {
  const big = await upload(api, owner.accessToken, 'big.txt', Buffer.alloc(10 * 1024 * 1024 + 1, 0x61));
  assert.equal(big.status, 413, big.text);
  assert.equal(big.body.code, 'payload_too_large');
  assert.match(big.body.message, /10 MiB/);
  const exe = await upload(api, owner.accessToken, 'tool.exe', Buffer.from('MZ'));
  assert.equal(exe.status, 400);
  assert.match(exe.body.message, /tool\.exe.*not a supported document type/);
  const nothing = await api.post('/api/knowledge/documents', {}, owner.accessToken);
  assert.equal(nothing.status, 400);
  assert.match(nothing.body.message, /file/);
  const wrongField = await fetch(`${app.url}/api/knowledge/documents`, {
    method: 'POST',
    headers: { authorization: `Bearer ${owner.accessToken}` },
    body: (() => {
      const form = new FormData();
      form.append('upload', new Blob(['x']), 'a.txt');
      return form;
    })(),
  });
  assert.equal(wrongField.status, 400);
});

test('documents attach to assistants; search and the engine retriever honour the assistant', async () => {
  const [a, b] = [
    await createAssistant(api, owner.accessToken, 'A'),
    await createAssistant(api, owner.accessToken, 'B'),
  ];
  const res = await upload(api, owner.accessToken, 'a-only.txt', Buffer.from('The capybaraonly fact.'), {
    assistantIds: a,
  });
  assert.equal(res.status, 201, res.text);
  assert.deepEqual(res.body.assistantIds, [a]);
  await settled(api, owner.accessToken, res.body.id);
  const forA = await search('capybaraonly', { assistantId: a });
  assert.ok(forA.passages.some((p) => p.documentId === res.body.id));
  const forB = await search('capybaraonly', { assistantId: b });
  assert.ok(forB.passages.every((p) => p.documentId !== res.body.id));

  const moved = await api.request('PUT', `/api/knowledge/documents/${res.body.id}/assistants`, {
    token: owner.accessToken,
    body: { assistantIds: [b] },
  });
  assert.equal(moved.status, 200, moved.text);
  assert.deepEqual(moved.body.assistantIds, [b]);
  assert.ok(
    (await search('capybaraonly', { assistantId: b })).passages.some((p) => p.documentId === res.body.id),
  );

  const retriever = app.app.get<KnowledgeRetriever>(KNOWLEDGE_RETRIEVER);
  const cited = await retriever.promptKnowledge({
    tenantId: owner.tenantId,
    assistantId: b,
    query: 'capybaraonly',
    showCitations: true,
  });
  assert.match(cited ?? '', /\[1\] \(a-only\.txt, passage 1\)\nThe capybaraonly fact\./);
  const plain = await retriever.promptKnowledge({
    tenantId: owner.tenantId,
    assistantId: a,
    query: 'capybaraonly',
    showCitations: false,
  });
  assert.ok(!plain?.includes('capybaraonly'));
});

test('re-indexing queues every document and they become ready again', async () => {
  const res = await api.post('/api/knowledge/reindex', {}, owner.accessToken);
  assert.equal(res.status, 202, res.text);
  assert.ok(res.body.queued >= 5, res.text);
  const { items } = (await api.get('/api/knowledge/documents?limit=100', owner.accessToken)).body;
  for (const item of items as Array<{ id: string }>) {
    const document = await settled(api, owner.accessToken, item.id);
    assert.ok(
      document.status === 'ready' || /PDF/.test(document.error ?? ''),
      `${document.name}: ${document.error}`,
    );
  }
});
