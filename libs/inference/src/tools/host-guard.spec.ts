import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkToolUrl, hostAllowed, isPrivateAddress, ToolHostRefusedError } from './host-guard';

describe('host guard', () => {
  it('recognises private, loopback and link-local addresses', () => {
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.5.4',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      'fe80::1',
      'fd12::1',
      '::ffff:127.0.0.1',
      '::ffff:a9fe:a9fe',
    ]) {
      assert.equal(isPrivateAddress(address), true, address);
    }
    for (const address of ['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111', '172.32.0.1']) {
      assert.equal(isPrivateAddress(address), false, address);
    }
  });

  it('matches allow-list entries exactly or by subdomain wildcard', () => {
    assert.equal(hostAllowed('api.example.com', ['api.example.com']), true);
    assert.equal(hostAllowed('API.Example.com', ['api.example.com']), true);
    assert.equal(hostAllowed('evil-api.example.com', ['api.example.com']), false);
    assert.equal(hostAllowed('a.b.example.com', ['*.example.com']), true);
    assert.equal(hostAllowed('example.com', ['*.example.com']), false);
    assert.equal(hostAllowed('example.com.evil.net', ['example.com']), false);
  });

  it('refuses hosts outside the allow-list, private addresses and other schemes', async () => {
    await assert.rejects(
      checkToolUrl(new URL('https://evil.example/x'), ['api.example.com'], false),
      /not in the tool's allow-list/,
    );
    await assert.rejects(
      checkToolUrl(new URL('http://127.0.0.1:9/x'), ['127.0.0.1'], false),
      /private address \(127\.0\.0\.1\)/,
    );
    await assert.rejects(
      checkToolUrl(new URL('http://localhost:9/x'), ['localhost'], false),
      ToolHostRefusedError,
    );
    await assert.rejects(checkToolUrl(new URL('http://[::1]:9/x'), ['[::1]'], false), /private address/);
    await assert.rejects(checkToolUrl(new URL('file:///etc/passwd'), ['localhost'], false), /scheme file:/);
    await checkToolUrl(new URL('http://127.0.0.1:9/x'), ['127.0.0.1'], true);
  });
});
