import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ownerQuery } from '@cria/testing';
import {
  ApiClient,
  TEST_PASSWORD,
  addMember,
  invitationToken,
  jwtClaims,
  signJwt,
  signup,
  uniqueEmail,
  type Session,
} from '../support/api-client';
import { startTestApp, type TestApp } from '../support/test-app';

let app: TestApp;
let api: ApiClient;

before(async () => {
  app = await startTestApp({ worker: false });
  api = new ApiClient(app.url);
});
after(() => app.close());

const login = (email: string, password: string, extra: Record<string, unknown> = {}, ip?: string) =>
  api.request('POST', '/api/auth/login', {
    body: { email, password, ...extra },
    headers: ip ? { 'x-forwarded-for': ip } : {},
  });

describe('sign-up and sign-in', () => {
  test('sign-up creates the workspace and its owner in one go, and signs in', async () => {
    const email = uniqueEmail('Signup');
    const res = await api.post('/api/auth/signup', {
      email,
      password: TEST_PASSWORD,
      organization: ' Café Lumière ',
    });
    assert.equal(res.status, 201, res.text);
    assert.deepEqual(Object.keys(res.body).sort(), ['accessToken', 'refreshToken', 'tenant']);
    assert.equal(res.body.tenant.name, 'Café Lumière');
    const claims = jwtClaims(res.body.accessToken);
    assert.equal(claims.tenantId, res.body.tenant.id);
    assert.equal(claims.role, 'owner');
    assert.ok(Number(claims.exp) - Number(claims.iat) === 15 * 60, 'access tokens live 15 minutes');

    const me = await api.get('/api/auth/me', res.body.accessToken);
    assert.equal(me.status, 200);
    assert.equal(me.body.user.email, email.toLowerCase(), 'emails are stored lower-case');
    assert.deepEqual(me.body.tenant, res.body.tenant);
    assert.equal(me.body.role, 'owner');

    const [user] = await ownerQuery<{ password_hash: string }>(
      app.db.url,
      `SELECT password_hash FROM users WHERE email = $1`,
      [email.toLowerCase()],
    );
    assert.match(user.password_hash, /^\$argon2id\$/);
  });

  test('the same email cannot sign up twice', async () => {
    const owner = await signup(api);
    const res = await api.post('/api/auth/signup', {
      email: owner.email.toUpperCase(),
      password: TEST_PASSWORD,
      organization: 'Again',
    });
    assert.equal(res.status, 409);
    assert.equal(res.body.code, 'conflict');
    const [{ n }] = await ownerQuery<{ n: number }>(
      app.db.url,
      `SELECT count(*)::int AS n FROM tenants WHERE name = 'Again'`,
    );
    assert.equal(n, 0, 'no half-created workspace');
  });

  test('sign-in returns tokens; a wrong password or unknown email is 401 with the same answer', async () => {
    const owner = await signup(api);
    const ok = await login(owner.email, owner.password);
    assert.equal(ok.status, 200, ok.text);
    assert.deepEqual(Object.keys(ok.body).sort(), ['accessToken', 'refreshToken']);
    const wrong = await login(owner.email, 'not the password');
    const unknown = await login(uniqueEmail('nobody'), 'not the password');
    assert.equal(wrong.status, 401);
    assert.equal(unknown.status, 401);
    assert.deepEqual(wrong.body, unknown.body);
    assert.equal(wrong.body.code, 'invalid_credentials');
  });

  test('sign-in validates the body before anything else', async () => {
    const res = await login('a@example.com', 'x', { role: 'owner' });
    assert.equal(res.status, 400);
    assert.match(res.body.message, /role/);
    const missing = await api.post('/api/auth/login', { email: 'a@example.com' });
    assert.equal(missing.status, 400);
    assert.match(missing.body.message, /password/);
  });

  test('a member of several workspaces signs in to the first by default, or to the one named', async () => {
    const first = await signup(api, 'First');
    const second = await signup(api, 'Second');
    const email = uniqueEmail('multi');
    await api.post('/api/members/invitations', { email, role: 'agent' }, first.accessToken);
    const created = await api.post('/api/auth/invitations/accept', {
      token: invitationToken(app, email),
      password: TEST_PASSWORD,
    });
    assert.equal(created.status, 200, created.text);
    await api.post('/api/members/invitations', { email, role: 'admin' }, second.accessToken);
    const joined = await api.post('/api/auth/invitations/accept', {
      token: invitationToken(app, email),
      password: TEST_PASSWORD,
    });
    assert.equal(joined.status, 200, joined.text);

    const byDefault = await login(email, TEST_PASSWORD);
    assert.equal(byDefault.status, 200, byDefault.text);
    assert.equal(jwtClaims(byDefault.body.accessToken).tenantId, first.tenantId);
    assert.equal(jwtClaims(byDefault.body.accessToken).role, 'agent');
    const named = await login(email, TEST_PASSWORD, { tenantId: second.tenantId });
    assert.equal(jwtClaims(named.body.accessToken).tenantId, second.tenantId);
    assert.equal(jwtClaims(named.body.accessToken).role, 'admin');
    const me = await api.get('/api/auth/me', named.body.accessToken);
    assert.deepEqual(
      (me.body.memberships as Array<{ tenantName: string; role: string }>).map(
        (m) => `${m.tenantName}:${m.role}`,
      ),
      ['First:agent', 'Second:admin'],
    );
    const foreign = await signup(api, 'Foreign');
    const notMine = await login(email, TEST_PASSWORD, { tenantId: foreign.tenantId });
    assert.equal(notMine.status, 401);
  });
});

describe('sessions', () => {
  let owner: Session;
  before(async () => {
    owner = await signup(api);
  });

  test('refresh rotates the refresh token; presenting a used one revokes the whole session', async () => {
    const session = await login(owner.email, owner.password);
    const first = session.body.refreshToken;
    const rotated = await api.post('/api/auth/refresh', { refreshToken: first });
    assert.equal(rotated.status, 200, rotated.text);
    assert.notEqual(rotated.body.refreshToken, first);
    assert.equal((await api.get('/api/auth/me', rotated.body.accessToken)).status, 200);

    const rows = await ownerQuery<{ token_hash: string }>(
      app.db.url,
      `SELECT token_hash FROM refresh_tokens`,
    );
    assert.ok(
      rows.every((r) => /^[0-9a-f]{64}$/.test(r.token_hash)),
      'only SHA-256 hashes are stored',
    );
    assert.ok(!rows.some((r) => r.token_hash === first));

    const reused = await api.post('/api/auth/refresh', { refreshToken: first });
    assert.equal(reused.status, 401);
    assert.equal(reused.body.code, 'refresh_token_reused');
    // the thief's (or the user's) newer token is dead too, and so is the session's access token
    const newer = await api.post('/api/auth/refresh', { refreshToken: rotated.body.refreshToken });
    assert.equal(newer.status, 401);
    assert.equal((await api.get('/api/auth/me', rotated.body.accessToken)).status, 401);
    // other sessions of the same user are untouched
    assert.equal((await api.get('/api/auth/me', owner.accessToken)).status, 200);
  });

  test('logout ends the session: its refresh and access tokens stop working', async () => {
    const session = await login(owner.email, owner.password);
    const out = await api.post('/api/auth/logout', { refreshToken: session.body.refreshToken });
    assert.equal(out.status, 204);
    assert.equal(
      (await api.post('/api/auth/refresh', { refreshToken: session.body.refreshToken })).status,
      401,
    );
    assert.equal((await api.get('/api/auth/me', session.body.accessToken)).status, 401);
    assert.equal((await api.post('/api/auth/refresh', { refreshToken: 'x'.repeat(43) })).status, 401);

    const byAccessToken = await login(owner.email, owner.password);
    assert.equal((await api.post('/api/auth/logout', {}, byAccessToken.body.accessToken)).status, 204);
    assert.equal((await api.get('/api/auth/me', byAccessToken.body.accessToken)).status, 401);
    assert.equal(
      (await api.post('/api/auth/refresh', { refreshToken: byAccessToken.body.refreshToken })).status,
      401,
    );
    assert.equal((await api.post('/api/auth/logout', {})).status, 400, 'nothing to log out');
    assert.equal((await api.post('/api/auth/logout', {}, 'forged.token.here')).status, 401);
  });

  test('changing the password checks the current one and signs out the other sessions', async () => {
    const user = await signup(api);
    const other = await login(user.email, user.password);
    const wrong = await api.post(
      '/api/auth/password',
      { currentPassword: 'nope-nope', newPassword: 'a brand new password' },
      user.accessToken,
    );
    assert.equal(wrong.status, 400);
    assert.match(wrong.body.message, /currentPassword/);
    const changed = await api.post(
      '/api/auth/password',
      { currentPassword: user.password, newPassword: 'a brand new password' },
      user.accessToken,
    );
    assert.equal(changed.status, 204, changed.text);
    assert.equal(
      (await api.post('/api/auth/refresh', { refreshToken: other.body.refreshToken })).status,
      401,
    );
    assert.equal((await api.get('/api/auth/me', other.body.accessToken)).status, 401);
    assert.equal((await api.get('/api/auth/me', user.accessToken)).status, 200, 'the current session stays');
    assert.equal((await api.post('/api/auth/refresh', { refreshToken: user.refreshToken })).status, 200);
    assert.equal((await login(user.email, user.password)).status, 401);
    assert.equal((await login(user.email, 'a brand new password')).status, 200);
  });

  test('expired, forged, malformed and missing tokens are 401', async () => {
    const claims = jwtClaims(owner.accessToken);
    const now = Math.floor(Date.now() / 1000);
    const expired = signJwt({ ...claims, iat: now - 3_600, exp: now - 60 }, app.config.jwtSecret);
    const forged = signJwt({ ...claims, role: 'owner', exp: now + 600 }, 'not-the-server-secret-'.repeat(3));
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(
      JSON.stringify({ ...claims, exp: now + 600 }),
    ).toString('base64url')}.`;
    const wrongAudience = signJwt({ ...claims, aud: 'someone-else', exp: now + 600 }, app.config.jwtSecret);

    const exp = await api.get('/api/auth/me', expired);
    assert.equal(exp.status, 401);
    assert.equal(exp.body.code, 'token_expired');
    for (const token of [forged, unsigned, wrongAudience, 'garbage', 'cria_not-a-real-key']) {
      const res = await api.get('/api/auth/me', token);
      assert.equal(res.status, 401, `token ${token.slice(0, 20)}…`);
    }
    assert.equal(
      (await api.request('GET', '/api/auth/me', { headers: { authorization: 'Basic abc' } })).status,
      401,
    );
    const none = await api.get('/api/auth/me');
    assert.equal(none.status, 401);
    assert.equal(none.body.code, 'unauthorized');
    // a valid token still works: the failures above were about the tokens
    assert.equal((await api.get('/api/auth/me', owner.accessToken)).status, 200);
  });

  test('a removed member’s access token stops working at once', async () => {
    const boss = await signup(api);
    const agent = await addMember(api, app, boss, 'agent');
    assert.equal((await api.get('/api/conversations', agent.accessToken)).status, 200);
    assert.equal((await api.delete(`/api/members/${agent.userId}`, boss.accessToken)).status, 204);
    assert.equal((await api.get('/api/conversations', agent.accessToken)).status, 401);
    assert.equal((await api.post('/api/auth/refresh', { refreshToken: agent.refreshToken })).status, 401);
  });
});

describe('invitations', () => {
  test('the link is logged at info level; accepting creates the account with the invited role', async () => {
    const owner = await signup(api);
    const email = uniqueEmail('invitee');
    const invited = await api.post('/api/members/invitations', { email, role: 'agent' }, owner.accessToken);
    assert.equal(invited.status, 201, invited.text);
    assert.equal(invited.body.email, email);
    assert.ok(!invited.text.includes('token'), 'the token is never in a response');
    const line = app.logs.entries().find((e) => String(e.msg).includes(email));
    assert.ok(line, 'logged');
    assert.equal(line.level, 30);
    assert.match(String(line.msg), /invitation/i);
    assert.match(String(line.msg), /accept-invitation\?token=[0-9a-f]{64}/);

    const token = invitationToken(app, email);
    const short = await api.post('/api/auth/invitations/accept', { token, password: 'short' });
    assert.equal(short.status, 400);
    assert.match(short.body.message, /password/);
    const accepted = await api.post('/api/auth/invitations/accept', {
      token,
      password: TEST_PASSWORD,
      name: 'Ana',
    });
    assert.equal(accepted.status, 200, accepted.text);
    assert.equal(accepted.body.tenant.id, owner.tenantId);
    assert.equal(jwtClaims(accepted.body.accessToken).role, 'agent');
    const again = await api.post('/api/auth/invitations/accept', { token, password: TEST_PASSWORD });
    assert.equal(again.status, 400);
    assert.equal(again.body.code, 'invitation_invalid');
    const members = await api.get('/api/members', owner.accessToken);
    assert.deepEqual(members.body.items.map((m: { email: string; role: string }) => m.role).sort(), [
      'agent',
      'owner',
    ]);
  });

  test('an existing account joins only with its own password', async () => {
    const owner = await signup(api);
    const existing = await signup(api);
    await api.post('/api/members/invitations', { email: existing.email, role: 'admin' }, owner.accessToken);
    const token = invitationToken(app, existing.email);
    assert.equal((await api.post('/api/auth/invitations/accept', { token })).status, 400);
    assert.equal(
      (await api.post('/api/auth/invitations/accept', { token, password: 'wrong password' })).status,
      401,
    );
    const ok = await api.post('/api/auth/invitations/accept', { token, password: existing.password });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(jwtClaims(ok.body.accessToken).role, 'admin');
    assert.equal(jwtClaims(ok.body.accessToken).sub, existing.userId);
  });

  test('inviting a member again is 409; an admin cannot invite an owner', async () => {
    const owner = await signup(api);
    const admin = await addMember(api, app, owner, 'admin');
    const again = await api.post(
      '/api/members/invitations',
      { email: admin.email, role: 'agent' },
      owner.accessToken,
    );
    assert.equal(again.status, 409);
    const ownerInvite = await api.post(
      '/api/members/invitations',
      { email: uniqueEmail(), role: 'owner' },
      admin.accessToken,
    );
    assert.equal(ownerInvite.status, 403);
  });
});

describe('throttling', () => {
  test('five failed sign-ins lock the account for a while: 429 with Retry-After, even with the right password', async () => {
    const user = await signup(api);
    for (let i = 0; i < 5; i += 1)
      assert.equal((await login(user.email, `wrong-${i}`, {}, '10.0.0.1')).status, 401);
    const locked = await login(user.email, user.password, {}, '10.0.0.2');
    assert.equal(locked.status, 429);
    assert.equal(locked.body.code, 'too_many_requests');
    const retryAfter = Number(locked.headers.get('retry-after'));
    assert.ok(retryAfter > 0 && retryAfter <= 15 * 60, `Retry-After ${retryAfter}`);
    assert.match(locked.body.message, /account/);
    // the counter is in Redis under this app's prefix (shared by every api process)
    const keys = await import('ioredis').then(async ({ Redis }) => {
      const redis = new Redis(app.config.redisUrl);
      try {
        return await redis.keys(`${app.redisPrefix}:rl:login-account:*`);
      } finally {
        redis.disconnect();
      }
    });
    assert.ok(keys.length > 0);
  });

  test('a successful sign-in clears the account’s failures', async () => {
    const user = await signup(api);
    for (let i = 0; i < 4; i += 1) await login(user.email, 'wrong', {}, '10.0.1.1');
    assert.equal((await login(user.email, user.password, {}, '10.0.1.1')).status, 200);
    for (let i = 0; i < 4; i += 1)
      assert.equal((await login(user.email, 'wrong', {}, '10.0.1.1')).status, 401);
    assert.equal((await login(user.email, user.password, {}, '10.0.1.1')).status, 200);
  });

  test('sign-ups are limited per address: twenty an hour', async () => {
    const ip = '10.0.7.7';
    const attempt = () =>
      api.request('POST', '/api/auth/signup', {
        body: { email: uniqueEmail('burst'), password: TEST_PASSWORD, organization: 'Burst' },
        headers: { 'x-forwarded-for': ip },
      });
    for (let i = 0; i < 20; i += 1) assert.equal((await attempt()).status, 201);
    const refused = await attempt();
    assert.equal(refused.status, 429);
    assert.ok(Number(refused.headers.get('retry-after')) > 0);
    const [{ n }] = await ownerQuery<{ n: number }>(
      app.db.url,
      `SELECT count(*)::int AS n FROM tenants WHERE name = 'Burst'`,
    );
    assert.equal(n, 20);
  });

  test('twenty failures a minute from one address block it, whatever the account', async () => {
    const ip = '10.0.9.9';
    for (let i = 0; i < 20; i += 1)
      assert.equal((await login(uniqueEmail('spray'), 'guess', {}, ip)).status, 401);
    const blocked = await login(uniqueEmail('spray'), 'guess', {}, ip);
    assert.equal(blocked.status, 429);
    assert.ok(Number(blocked.headers.get('retry-after')) > 0);
    assert.match(blocked.body.message, /address/);
    assert.equal(
      (await login(uniqueEmail('spray'), 'guess', {}, '10.0.9.10')).status,
      401,
      'other addresses are fine',
    );
  });
});
