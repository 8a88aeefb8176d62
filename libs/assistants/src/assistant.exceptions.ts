import { AppException, NotFoundException } from '@cria/core';

export class AssistantNotFoundException extends NotFoundException {
  constructor(id: string) {
    super('Assistant', id);
  }
}

export class AssistantVersionNotFoundException extends NotFoundException {
  constructor(id: string, version: number) {
    super(`Version ${version} of assistant`, id);
  }
}

/** Publishing when the draft equals the published version would only add a duplicate version. */
export class NothingToPublishException extends AppException {
  readonly code = 'nothing_to_publish';
  readonly status = 409;
  constructor() {
    super('The draft has no changes since the published version');
  }
}
