import type { PasswordPolicySettings } from '../../realms/realm-settings';
import { html, Html } from '../html';
import { FormErrors, field } from '../layout';
import type { PageContext } from '../web-context';

interface RuleItem {
  rule: string;
  n?: number;
  text: string;
}

/** The realm's password rules, in the words of the catalogue (manual 001 lists them the same way). */
export function policyRules(ctx: PageContext, policy: PasswordPolicySettings): RuleItem[] {
  const rules: RuleItem[] = [
    { rule: 'min_length', n: policy.minLength, text: ctx.p('rule_min_length', { min: policy.minLength }) },
    { rule: 'max_length', n: policy.maxLength, text: ctx.p('rule_max_length', { max: policy.maxLength }) },
  ];
  if (policy.charset === 'latin-alphanumeric') rules.push({ rule: 'allowed_characters', text: ctx.p('rule_allowed_characters') });
  if (policy.requireLetter) rules.push({ rule: 'requires_letter', text: ctx.p('rule_requires_letter') });
  if (policy.requireDigit) rules.push({ rule: 'requires_digit', text: ctx.p('rule_requires_digit') });
  if (policy.requireLowercase) rules.push({ rule: 'requires_lowercase', text: ctx.p('rule_requires_lowercase') });
  if (policy.requireUppercase) rules.push({ rule: 'requires_uppercase', text: ctx.p('rule_requires_uppercase') });
  if (policy.rejectContainsLogin) rules.push({ rule: 'contains_login', text: ctx.p('rule_contains_login') });
  if (policy.rejectCommon) rules.push({ rule: 'too_common', text: ctx.p('rule_too_common') });
  if (policy.historySize > 0) rules.push({ rule: 'history', n: policy.historySize, text: ctx.p('rule_history', { count: policy.historySize }) });
  return rules;
}

/**
 * New password twice, with the rules listed (checked as the user types by web.js; the server
 * checks them again and its violations are shown under the field).
 */
export function newPasswordFields(ctx: PageContext, policy: PasswordPolicySettings, errors: FormErrors | undefined, login?: string): Html {
  const rules = policyRules(ctx, policy);
  return html`<p class="hint" id="rules-title">${ctx.p('rules_title')}</p>
<ul class="rules" id="f-rules" data-live data-ok="${ctx.p('rule_ok')}" data-bad="${ctx.p('rule_not_ok')}" aria-labelledby="rules-title">
${rules.map((r) => html`<li data-rule="${r.rule}"${r.n !== undefined ? html` data-n="${r.n}"` : ''}${r.rule === 'contains_login' && login ? html` data-login="${login}"` : ''}>${r.text}<span class="state visually-hidden"></span></li>`)}
<li data-rule="match">${ctx.p('rule_match')}<span class="state visually-hidden"></span></li>
</ul>
${field(errors, { name: 'newPassword', label: ctx.p('new_password'), type: 'password', autocomplete: 'new-password', required: true, maxlength: 1024, describedBy: 'f-rules', extra: html` data-password="new"` })}
${field(errors, { name: 'newPasswordConfirm', label: ctx.p('repeat_password'), type: 'password', autocomplete: 'new-password', required: true, maxlength: 1024, extra: html` data-password="confirm"` })}`;
}
