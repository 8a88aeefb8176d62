import type { ValidationError } from 'class-validator';
import { ValidationException } from '@cria/core';

/** class-validator errors as one coded 400 naming every field (nested ones as `parent.child`). */
export function validationFailure(errors: ValidationError[]): ValidationException {
  const fields: Record<string, string[]> = {};
  const walk = (list: ValidationError[], path: string): void => {
    for (const error of list) {
      const name = path ? `${path}.${error.property}` : error.property;
      if (error.constraints) fields[name] = Object.values(error.constraints);
      if (error.children?.length) walk(error.children, name);
    }
  };
  walk(errors, '');
  return new ValidationException(Object.values(fields).flat().join('; '), fields);
}
