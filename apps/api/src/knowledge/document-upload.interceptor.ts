import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import multer, { MulterError } from 'multer';
import type { Observable } from 'rxjs';
import { ValidationException } from '@cria/core';
import { DocumentTooLargeException, MAX_DOCUMENT_BYTES } from '@cria/knowledge';

const upload = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: MAX_DOCUMENT_BYTES, files: 1, fields: 20, fieldSize: 64 * 1024 },
}).single('file');

/**
 * Reads a multipart upload (field `file`, kept in memory up to the document limit) before the route runs;
 * JSON requests pass through untouched. Multer's errors become coded 413/400 answers that name the problem.
 */
@Injectable()
export class DocumentUploadInterceptor implements NestInterceptor {
  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    if (request.is('multipart/form-data')) {
      await new Promise<void>((resolve, reject) => {
        upload(request, http.getResponse<Response>(), (error: unknown) => {
          if (!error) return resolve();
          if (error instanceof MulterError && error.code === 'LIMIT_FILE_SIZE')
            return reject(new DocumentTooLargeException());
          if (error instanceof MulterError)
            return reject(
              new ValidationException(
                error.code === 'LIMIT_UNEXPECTED_FILE'
                  ? `Send the document in the multipart field "file" (got "${error.field ?? ''}")`
                  : `The upload was refused: ${error.message}`,
                { file: [error.code] },
              ),
            );
          reject(error instanceof Error ? error : new Error('the upload could not be read'));
        });
      });
    }
    return next.handle();
  }
}
