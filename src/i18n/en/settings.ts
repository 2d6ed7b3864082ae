import type { settings as ru } from '../ru/settings';

/** Realm settings (en): the admin console's form — groups, fields and hints, header preview, logo. */
export const settings: Record<keyof typeof ru, string> = {
  // groups
  group_look: 'Name and look',
  group_preset_and_languages: 'Preset and languages',
  group_sign_in: 'Sign-in and sessions',
  group_recovery: 'Recovery',
  group_password_policy: 'Password policy',
  // name and look
  display_name: 'Display name',
  display_name_hint: 'Shown on every page, e-mail and SMS (1–100 characters).',
  primary_color: 'Primary colour',
  primary_color_hint: '#RRGGBB, dark enough for white text (contrast 4.5:1).',
  support_contact: 'Support contact',
  // preset and languages
  preset: 'Preset',
  preset_hint: 'Choosing another preset resets the policies below to its values.',
  locales: 'Languages (comma-separated)',
  locales_hint: 'Supported: {supported}',
  default_locale: 'Default language',
  // sign-in and sessions
  session_ttl: 'Session lifetime, seconds',
  sign_in_alerts: 'Tell users of sign-ins from a new device',
  mfa_required: 'Second factor required for',
  mfa_required_hint: 'off: nobody; staff: users with a role; all: everyone',
  lockout_max_failures: 'Failed sign-ins before lockout',
  lockout_duration: 'Lockout duration, seconds',
  // recovery
  disclosure: 'Answers to recovery requests',
  forgot_password_requires: 'Forgotten password asks for',
  captcha: 'Captcha',
  sms_fallback: 'SMS when there is no e-mail',
  hidden_phone_digits: 'Hidden phone digits',
  reset_link_ttl: 'Reset link lifetime, seconds',
  sms_code_ttl: 'SMS code lifetime, seconds',
  sms_code_max_attempts: 'SMS code attempts',
  phone_digits_max_attempts: 'Phone digits attempts',
  recovery_cooldown: 'Pause between requests, seconds',
  // password policy
  password_min_length: 'Minimum length',
  password_max_length: 'Maximum length',
  password_charset: 'Characters',
  password_require_letter: 'A letter required',
  password_require_digit: 'A digit required',
  password_require_lowercase: 'A lowercase letter required',
  password_require_uppercase: 'An uppercase letter required',
  password_history_size: 'Earlier passwords refused',
  password_reject_common: 'Refuse common passwords',
  password_reject_contains_login: 'Refuse passwords containing the login',
  default_permissions: 'Permissions of every user (comma-separated)',
  // header preview and logo
  preview_title: 'Header preview',
  logo: 'Logo',
  logo_hint: 'PNG, JPEG or WebP, at most 256 KiB.',
  logo_upload: 'Upload the logo',
  logo_remove: 'Remove the logo',
  logo_saved: 'The logo has been saved.',
  logo_removed: 'The logo has been removed.',
  logo_invalid: 'The logo must be a PNG, JPEG or WebP image.',
  logo_too_large: 'The logo must be at most 256 KiB.',
};
