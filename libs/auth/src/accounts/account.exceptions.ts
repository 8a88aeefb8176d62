import { ValidationException } from '@cria/core';

export class WrongCurrentPasswordException extends ValidationException {
  constructor() {
    super('currentPassword is incorrect', { currentPassword: ['currentPassword is incorrect'] });
  }
}
