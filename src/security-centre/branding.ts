import { registerDecorator, ValidationOptions } from 'class-validator';

export const HEX_COLOR = /^#[0-9A-Fa-f]{6}$/;
/** WCAG 2 minimum contrast for normal text (AA). */
export const MIN_CONTRAST = 4.5;

function channel(hex: string): number {
  const c = parseInt(hex, 16) / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** WCAG relative luminance of `#RRGGBB`. */
export function relativeLuminance(color: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => channel(color.slice(i, i + 2)));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of `#RRGGBB` against white (1 … 21). */
export function contrastWithWhite(color: string): number {
  return 1.05 / (relativeLuminance(color) + 0.05);
}

/** A `#RRGGBB` that white text on it (and it on white) reads at ≥ 4.5:1. */
export function isAccessibleColor(value: unknown): value is string {
  return typeof value === 'string' && HEX_COLOR.test(value) && contrastWithWhite(value) >= MIN_CONTRAST;
}

/** class-validator: `#RRGGBB` with WCAG contrast ≥ 4.5:1 against white (message key `isAccessibleColor`). */
export function IsAccessibleColor(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isAccessibleColor',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: { validate: (value: unknown) => isAccessibleColor(value) },
    });
}
