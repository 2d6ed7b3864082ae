import { createHash } from 'node:crypto';
import { HEX_COLOR } from './branding';
import { DEFAULT_PRIMARY_COLOR } from '../realms/realm-settings';

/** `#RRGGBB` mixed with black (`amount` 0…1). */
export function darken(color: string, amount: number): string {
  const parts = [1, 3, 5].map((i) => Math.round(parseInt(color.slice(i, i + 2), 16) * (1 - amount)));
  return `#${parts.map((p) => p.toString(16).padStart(2, '0')).join('')}`.toUpperCase();
}

/**
 * The realm's colours as CSS custom properties, served as a file (`/realms/{realm}/theme.css`):
 * the pages' CSP (`style-src 'self'`) allows no inline style. Only a validated `#RRGGBB` gets in.
 */
export function themeCss(primaryColor: string): { css: string; etag: string } {
  const primary = HEX_COLOR.test(primaryColor) ? primaryColor.toUpperCase() : DEFAULT_PRIMARY_COLOR;
  const css = `:root { --primary: ${primary}; --primary-dark: ${darken(primary, 0.25)}; --header: ${darken(primary, 0.35)}; }\n`;
  return { css, etag: createHash('sha256').update(css).digest('hex').slice(0, 16) };
}
