import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';

/** A plain object of string values (HTTP headers): at most `maxEntries`, keys and values bounded. */
export function IsStringRecord(
  limits: { maxEntries: number; maxKeyLength: number; maxValueLength: number },
  options?: ValidationOptions,
) {
  return (target: object, propertyName: string): void =>
    registerDecorator({
      name: 'isStringRecord',
      target: target.constructor,
      propertyName,
      options,
      validator: {
        validate(value: unknown): boolean {
          if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
          const entries = Object.entries(value);
          return (
            entries.length <= limits.maxEntries &&
            entries.every(
              ([key, v]) =>
                /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(key) &&
                key.length <= limits.maxKeyLength &&
                typeof v === 'string' &&
                v.length <= limits.maxValueLength &&
                !/[\r\n]/.test(v),
            )
          );
        },
        defaultMessage(args: ValidationArguments): string {
          return `${args.property} must be an object of at most ${limits.maxEntries} header names and string values (${limits.maxValueLength} characters at most, no line breaks)`;
        },
      },
    });
}

/** Any JSON object whose serialised size stays under `maxBytes`. */
export function IsJsonObject(maxBytes: number, options?: ValidationOptions) {
  return (target: object, propertyName: string): void =>
    registerDecorator({
      name: 'isJsonObject',
      target: target.constructor,
      propertyName,
      options,
      validator: {
        validate(value: unknown): boolean {
          if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
          return Buffer.byteLength(JSON.stringify(value)) <= maxBytes;
        },
        defaultMessage(args: ValidationArguments): string {
          return `${args.property} must be a JSON object of at most ${maxBytes} bytes`;
        },
      },
    });
}
