/**
 * A small typed template helper: every interpolated value is HTML-escaped unless it is already
 * `Html` (built by this helper). There is no way to inject a raw string except `trusted()`,
 * which is meant for compile-time constants only.
 */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type Renderable = Html | string | number | boolean | null | undefined | readonly Renderable[];

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => ESCAPES[c]);
}

function render(value: Renderable): string {
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false || value === true) return '';
  return escapeHtml(String(value));
}

/** Tagged template: `html\`<p>${text}</p>\`` escapes `text`. Booleans and nullish render nothing. */
export function html(strings: TemplateStringsArray, ...values: Renderable[]): Html {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return new Html(out);
}

/** A constant piece of markup written in this code base (never user data). */
export function trusted(markup: string): Html {
  return new Html(markup);
}

/** Attribute present when the condition holds (e.g. `${attr('required', true)}`). */
export function attr(name: string, value: string | number | boolean | null | undefined): Html {
  if (value === false || value === null || value === undefined) return new Html('');
  if (value === true) return new Html(` ${name}`);
  return new Html(` ${name}="${escapeHtml(String(value))}"`);
}
