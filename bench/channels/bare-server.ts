/** The baseline: a bare node:http handler that checks the HMAC of the raw body and answers 200. */
import http from 'node:http';
import { verifySignature } from '@cria/channels';

const secret = process.env.META_APP_SECRET ?? '';
http
  .createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const header = req.headers['x-hub-signature-256'];
      const ok = verifySignature(
        Buffer.concat(chunks),
        typeof header === 'string' ? header : undefined,
        secret,
      ).ok;
      res.writeHead(ok ? 200 : 401).end();
    });
  })
  .listen(Number(process.env.PORT), '127.0.0.1', () => process.send?.('ready'));
