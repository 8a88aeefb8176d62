import type { IncomingMessage } from 'node:http';
import getRawBody from 'raw-body';
import { PayloadTooLargeException, UnsupportedMediaTypeException, ValidationException } from '@cria/core';

/**
 * The exact bytes of a request body (raw-body: refused past `limit` by its Content-Length at once, else while
 * read), with its errors as the API's coded exceptions.
 */
export async function readBody(req: IncomingMessage, limit: string): Promise<Buffer> {
  const encoding = req.headers['content-encoding'];
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') {
    // the signature covers the bytes Meta sends, which are never compressed
    req.resume();
    throw new UnsupportedMediaTypeException(`Content-Encoding ${encoding} is not accepted on webhooks`);
  }
  try {
    return await getRawBody(req, { length: req.headers['content-length'], limit });
  } catch (error) {
    req.resume(); // let the client finish sending so it reads the answer
    const { type } = error as getRawBody.RawBodyError;
    if (type === 'entity.too.large')
      throw new PayloadTooLargeException(`Request body is larger than ${limit}`);
    throw new ValidationException(`Request body could not be read (${type ?? 'unknown'})`);
  }
}
