import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ownerQuery } from '@cria/testing';
import { ApiClient, addMember, signup, uniqueEmail, type Session } from '../support/api-client';
import { startTestApp, type TestApp } from '../support/test-app';

let app: TestApp;
let api: ApiClient;

before(async () => {
  app = await startTestApp({ worker: false });
  api = new ApiClient(app.url);
});
after(() => app.close());

const role = async (viewer: Session, userId: string) =>
  (
    (await api.get('/api/members', viewer.accessToken)).body.items as Array<{ userId: string; role: string }>
  ).find((m) => m.userId === userId)?.role;

test('members are listed with their roles; admins change roles of admins and agents', async () => {
  const owner = await signup(api, 'Team');
  const admin = await addMember(api, app, owner, 'admin');
  const agent = await addMember(api, app, owner, 'agent');
  const list = await api.get('/api/members', agent.accessToken);
  assert.equal(list.status, 200);
  assert.deepEqual(
    list.body.items.map((m: { email: string; role: string }) => [m.email, m.role]),
    [
      [owner.email, 'owner'],
      [admin.email, 'admin'],
      [agent.email, 'agent'],
    ],
  );
  const promoted = await api.patch(`/api/members/${agent.userId}`, { role: 'admin' }, admin.accessToken);
  assert.equal(promoted.status, 200, promoted.text);
  assert.equal(promoted.body.role, 'admin');
  // the new role applies to the member's current token at once
  assert.equal((await api.get('/api/assistants', agent.accessToken)).status, 200);
  await api.patch(`/api/members/${agent.userId}`, { role: 'agent' }, admin.accessToken);
  assert.equal((await api.get('/api/assistants', agent.accessToken)).status, 403);
  const invalid = await api.patch(`/api/members/${agent.userId}`, { role: 'superuser' }, admin.accessToken);
  assert.equal(invalid.status, 400);
  assert.match(invalid.body.message, /role/);
});

test('only owners make, change or remove owners', async () => {
  const owner = await signup(api, 'Owners');
  const admin = await addMember(api, app, owner, 'admin');
  const agent = await addMember(api, app, owner, 'agent');
  const grant = await api.patch(`/api/members/${agent.userId}`, { role: 'owner' }, admin.accessToken);
  assert.equal(grant.status, 403);
  assert.match(grant.body.message, /owner/);
  assert.equal(
    (await api.patch(`/api/members/${owner.userId}`, { role: 'agent' }, admin.accessToken)).status,
    403,
  );
  assert.equal((await api.delete(`/api/members/${owner.userId}`, admin.accessToken)).status, 403);
  assert.equal(await role(owner, owner.userId), 'owner');

  assert.equal(
    (await api.patch(`/api/members/${admin.userId}`, { role: 'owner' }, owner.accessToken)).status,
    200,
  );
  assert.equal(await role(owner, admin.userId), 'owner');
});

test('the last owner can neither be demoted nor removed', async () => {
  const owner = await signup(api, 'Solo');
  const demote = await api.patch(`/api/members/${owner.userId}`, { role: 'admin' }, owner.accessToken);
  assert.equal(demote.status, 409);
  assert.equal(demote.body.code, 'last_owner');
  const remove = await api.delete(`/api/members/${owner.userId}`, owner.accessToken);
  assert.equal(remove.status, 409);
  const second = await addMember(api, app, owner, 'owner');
  assert.equal(
    (await api.patch(`/api/members/${owner.userId}`, { role: 'admin' }, second.accessToken)).status,
    200,
  );
  assert.equal(
    (await api.delete(`/api/members/${second.userId}`, second.accessToken)).status,
    409,
    'now second is the last',
  );
});

test('removing a member ends their sessions and unassigns their conversations', async () => {
  const owner = await signup(api, 'Leavers');
  const agent = await addMember(api, app, owner, 'agent');
  const removed = await api.delete(`/api/members/${agent.userId}`, owner.accessToken);
  assert.equal(removed.status, 204);
  assert.equal(await role(owner, agent.userId), undefined);
  const [{ live }] = await ownerQuery<{ live: number }>(
    app.db.url,
    `SELECT count(*)::int AS live FROM refresh_tokens WHERE user_id = $1 AND revoked_at IS NULL`,
    [agent.userId],
  );
  assert.equal(live, 0);
  assert.equal((await api.get('/api/auth/me', agent.accessToken)).status, 401);
  assert.equal((await api.delete(`/api/members/${agent.userId}`, owner.accessToken)).status, 404);
});

test('pending invitations are listed and can be revoked', async () => {
  const owner = await signup(api, 'Inviters');
  const email = uniqueEmail('later');
  const invited = await api.post('/api/members/invitations', { email, role: 'agent' }, owner.accessToken);
  const pending = await api.get('/api/members/invitations', owner.accessToken);
  assert.deepEqual(
    pending.body.items.map((i: { email: string }) => i.email),
    [email],
  );
  assert.equal(
    (await api.delete(`/api/members/invitations/${invited.body.id}`, owner.accessToken)).status,
    204,
  );
  assert.deepEqual((await api.get('/api/members/invitations', owner.accessToken)).body.items, []);
  const line = [...app.logs.lines].reverse().find((l) => l.includes(email)) ?? '';
  const token = /token=([0-9a-f]{64})/.exec(line)?.[1];
  const accept = await api.post('/api/auth/invitations/accept', { token, password: 'long enough password' });
  assert.equal(accept.status, 400);
  assert.match(accept.body.message, /revoked/);
  const bad = await api.post(
    '/api/members/invitations',
    { email: 'not-an-email', role: 'agent' },
    owner.accessToken,
  );
  assert.equal(bad.status, 400);
  assert.match(bad.body.message, /email/);
});
