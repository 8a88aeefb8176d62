import type { IncomingMessage } from 'node:http';
import { PayloadTooLargeException, UnsupportedMediaTypeException } from '@cria/core';

/** The exact bytes of a request body, refused past `limit` (by its Content-Length at once, else while read). */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const tooLarge = () => new PayloadTooLargeException(`Request body is larger than ${limit} bytes`);
  const encoding = req.headers['content-encoding'];
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') {
    // the signature covers the bytes Meta sends, which are never compressed
    req.resume();
    return Promise.reject(
      new UnsupportedMediaTypeException(`Content-Encoding ${encoding} is not accepted on webhooks`),
    );
  }
  if (Number(req.headers['content-length']) > limit) {
    req.resume(); // let the client finish sending so it reads the answer
    return Promise.reject(tooLarge());
  }
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      req.removeListener('data', onData);
      req.resume();
      chunks.length = 0;
      reject(tooLarge());
    };
    req.on('data', onData);
    req.once('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size)));
    req.once('error', reject);
  });
}
