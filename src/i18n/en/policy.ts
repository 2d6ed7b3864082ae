/** Password policy violations (en), one per rule code; numbers come from the realm's policy. */
export const policy = {
  min_length: 'The password is too short: at least {min} characters.',
  max_length: 'The password is too long: at most {max} characters.',
  allowed_characters: 'The password contains characters that are not allowed. Allowed: {allowed}.',
  requires_letter: 'The password must contain at least one letter.',
  requires_digit: 'The password must contain at least one digit.',
  requires_lowercase: 'The password must contain at least one lowercase letter.',
  requires_uppercase: 'The password must contain at least one uppercase letter.',
  history: 'The password cannot repeat any of your last {count} passwords.',
  contains_login: 'The password must not contain the login.',
  too_common: 'The password is too common or too easy to guess. Please choose another one.',
};
