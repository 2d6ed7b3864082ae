import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { registerDecorator, ValidationOptions } from 'class-validator';

/**
 * A phone number in E.164 (`+79533541234`), or null when the input is not a valid number.
 * Numbers must be written in international format (with the country code).
 */
export function normalizePhone(input: string): string | null {
  if (typeof input !== 'string' || input.length > 40) return null;
  const parsed = parsePhoneNumberFromString(input.trim());
  return parsed && parsed.isValid() ? parsed.number : null;
}

/** True for a real calendar date written YYYY-MM-DD, not in the future and not before 1900. */
export function isBirthDate(value: unknown, today: Date = new Date()): boolean {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value && value >= '1900-01-01' && d.getTime() <= today.getTime();
}

/** Validation: a phone number libphonenumber-js can normalise to E.164 (message key `isE164Phone`). */
export function IsE164Phone(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isE164Phone',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: { validate: (value: unknown) => typeof value === 'string' && normalizePhone(value) !== null },
    });
}

/** Validation: a date of birth YYYY-MM-DD (message key `isBirthDate`). */
export function IsBirthDate(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isBirthDate',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: { validate: (value: unknown) => isBirthDate(value) },
    });
}
