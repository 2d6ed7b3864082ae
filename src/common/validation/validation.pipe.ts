import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate, ValidationError } from 'class-validator';
import { DomainError } from '../errors/domain-error';

export interface FieldProblem {
  field: string;
  /** A key of the `validation` message namespace. */
  message: string;
}

const PRIMITIVES: unknown[] = [String, Boolean, Number, Array, Object];

/**
 * Strict validation of bodies and queries against their DTO classes: unknown fields rejected at
 * any depth, wrong types refused, every bad field named (dotted paths for nested ones).
 */
@Injectable()
export class StrictValidationPipe implements PipeTransform {
  async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const { metatype, type } = metadata;
    if (type === 'custom' || !metatype || PRIMITIVES.includes(metatype)) return value;
    if (type === 'body') {
      if (value === undefined || value === null) value = {};
      if (!isPlainObject(value)) {
        throw new DomainError('validation_failed', { fields: [{ field: 'body', message: 'body' }] });
      }
    }
    const unsafe = unsafeFields(value);
    if (unsafe.length) throw new DomainError('validation_failed', { fields: unsafe });
    const instance = plainToInstance(metatype as new () => object, value ?? {}, { enableImplicitConversion: false });
    const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true, validationError: { target: false, value: true } });
    if (errors.length) throw new DomainError('validation_failed', { fields: flatten(errors) });
    return instance;
  }
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Keys that would reach object prototypes, and text a database cannot store (NUL, which
 * PostgreSQL refuses), found at any depth: refused before any use case sees them.
 */
function unsafeFields(value: unknown, prefix = '', out: FieldProblem[] = []): FieldProblem[] {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) out.push({ field: prefix || 'body', message: 'matches' });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => unsafeFields(v, prefix ? `${prefix}.${i}` : String(i), out));
  } else if (value && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      const field = prefix ? `${prefix}.${key}` : key;
      if (FORBIDDEN_KEYS.has(key)) out.push({ field, message: 'unknown' });
      else unsafeFields((value as Record<string, unknown>)[key], field, out);
    }
  }
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);
}

/** ValidationError tree → one entry per bad field, the most telling constraint first. */
export function flatten(errors: ValidationError[], prefix = ''): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const e of errors) {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const constraints = Object.keys(e.constraints ?? {});
    if (constraints.length) {
      let message: string;
      if (constraints.includes('whitelistValidation')) message = 'unknown';
      else if (e.value === undefined || e.value === null) message = 'required';
      else message = constraints[constraints.length - 1];
      out.push({ field, message });
    }
    if (e.children?.length) out.push(...flatten(e.children, field));
  }
  return out;
}
