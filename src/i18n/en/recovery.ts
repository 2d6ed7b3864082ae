import type { recovery as ru } from '../ru/recovery';

/** Recovery answers (en). */
export const recovery: Record<keyof typeof ru, string> = {
  password_link_sent: 'A password recovery link has been sent to your e-mail',
  login_sent: 'The login will be sent to the e-mail entered only if the date of birth matches.',
  password_sms_step: 'To confirm restoring access to your page, enter the missing digits of the phone number given in your profile.',
  password_uniform: 'If the details are correct, a password recovery link has been sent to the confirmed e-mail.',
  sms_hint: 'If you cannot reach your e-mail, recover the password by phone.',
  help: 'If nothing arrives, please contact your organization administrator.',
  help_support: 'If nothing arrives, please contact your organization administrator or support at {supportContact}.',
  reason_no_confirmed_contact: 'no confirmed e-mail or phone to recover alone',
  reason_cannot_change_password: 'not allowed to change their own password',
  reason_second_factor_lost: 'lost their second factor (authenticator app or passkey)',
};
