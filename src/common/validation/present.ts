import { ValidateIf } from 'class-validator';

/**
 * An optional field that, when present, must be valid: unlike `@IsOptional()` it lets no `null`
 * through (use it where null has no meaning).
 */
export function Present(): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined);
}
