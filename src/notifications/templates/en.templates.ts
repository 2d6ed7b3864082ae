import type { LocaleTemplates } from './notice-templates';

/**
 * English texts. Placeholders: {serviceName}, {realmName}, {link}, {login}, {code}, {duration}
 * and {durationGen} (both "1 hour" in English), {contactName}, {reason}, {adminUrl}.
 */
export const EN_TEMPLATES: LocaleTemplates = {
  greeting: 'Hello,',
  signature: '{serviceName}. This message was sent automatically; please do not reply to it.',
  contactNames: { email: 'e-mail address', phone: 'phone number' },
  notices: {
    'reset-link': {
      email: {
        subject: 'Password reset for {serviceName}',
        paragraphs: [
          'We received a request to reset the password of your {serviceName} account.',
          'To set a new password, follow this link: {link}',
          'The link is valid for {durationGen} and works once. If you did not ask for a reset, ignore this message: your password stays the same.',
        ],
        action: { label: 'Set a new password', url: '{link}' },
      },
      sms: '{serviceName}: reset your password: {link} (valid for {durationGen})',
    },
    'login-reminder': {
      email: {
        subject: 'Your login for {serviceName}',
        paragraphs: ['Your login for {serviceName}: {login}', 'If you did not ask for it, ignore this message.'],
      },
      sms: '{serviceName}: your login is {login}',
    },
    'login-and-reset-link': {
      email: {
        subject: 'Your login and a password reset for {serviceName}',
        paragraphs: [
          'Your login for {serviceName}: {login}',
          'To set a new password, follow this link: {link}',
          'The link is valid for {durationGen} and works once. If you did not ask for it, ignore this message: your password stays the same.',
        ],
        action: { label: 'Set a new password', url: '{link}' },
      },
      sms: '{serviceName}: your login is {login}. New password: {link} (valid for {durationGen})',
    },
    'confirmation-code': {
      email: {
        subject: 'Confirmation code for {serviceName}',
        paragraphs: ['Your confirmation code: {code}', 'It is valid for {durationGen}. Do not tell it to anyone, including staff of {serviceName}.'],
      },
      sms: '{serviceName}: confirmation code {code}. Valid for {durationGen}. Do not tell it to anyone.',
    },
    'password-changed': {
      email: {
        subject: 'Your {serviceName} password was changed',
        paragraphs: [
          'The password of your {serviceName} account was just changed, and sessions on other devices were signed out.',
          'If it was not you, restore access at once with "Forgot password" or contact your administrator.',
        ],
      },
      sms: '{serviceName}: your password was changed. If it was not you, contact your administrator.',
    },
    'temporary-password': {
      email: {
        subject: 'A temporary password was issued for your {serviceName} account',
        paragraphs: [
          'An administrator issued a temporary password for your {serviceName} account. Your administrator will give it to you; it is never sent by e-mail.',
          'It is valid for {durationGen}, and you will be asked to choose a new password when you sign in.',
        ],
      },
      sms: '{serviceName}: an administrator issued a temporary password for you, valid for {durationGen}. Ask your administrator for it.',
    },
    'access-request': {
      email: {
        subject: 'Access request from {login} ({serviceName})',
        paragraphs: [
          'User {login} cannot restore access alone and asks for your help.',
          'Reason: {reason}',
          'Review the request in the administration console: {adminUrl}',
        ],
        action: { label: 'Open access requests', url: '{adminUrl}' },
      },
      sms: '{serviceName}: user {login} asks for help to restore access.',
    },
    'contact-changed': {
      email: {
        subject: 'The {contactName} of your {serviceName} account was changed',
        paragraphs: [
          'The {contactName} of your {serviceName} account was changed; messages now go to the new one.',
          'If it was not you, contact your administrator at once.',
        ],
      },
      sms: '{serviceName}: the {contactName} of your account was changed. If it was not you, contact your administrator.',
    },
    'setup-link': {
      email: {
        subject: 'Set your password for {serviceName}',
        paragraphs: [
          'An account was created for you in {serviceName}. To choose your password, follow this link: {link}',
          'The link is valid for {durationGen} and works once.',
        ],
        action: { label: 'Choose a password', url: '{link}' },
      },
      sms: '{serviceName}: choose your password: {link} (valid for {durationGen})',
    },
    'new-sign-in': {
      email: {
        subject: 'New sign-in to your {serviceName} account',
        paragraphs: [
          'Your {serviceName} account was just signed in to from a new device or network.',
          'When: {time}. Browser and system: {device}. IP address: {ip}.',
          'If it was you, there is nothing to do. If not, open your account page to end the other sessions and change your password: {accountUrl}',
        ],
        action: { label: 'Open my account', url: '{accountUrl}' },
      },
      sms: '{serviceName}: new sign-in {time}, {device}, IP {ip}. Not you? {accountUrl}',
    },
    'mfa-factor-added': {
      email: {
        subject: 'A second factor was added to your {serviceName} account',
        paragraphs: ['A second factor ({factor}) was just added to your {serviceName} account.', 'If it was not you, contact your administrator at once.'],
      },
      sms: '{serviceName}: a second factor ({factor}) was added to your account. If it was not you, contact your administrator.',
    },
    'mfa-factor-removed': {
      email: {
        subject: 'A second factor was removed from your {serviceName} account',
        paragraphs: ['A second factor ({factor}) was just removed from your {serviceName} account.', 'If it was not you, contact your administrator at once.'],
      },
      sms: '{serviceName}: a second factor ({factor}) was removed from your account. If it was not you, contact your administrator.',
    },
    'mfa-recovery-code-used': {
      email: {
        subject: 'A recovery code was used for your {serviceName} account',
        paragraphs: ['A recovery code was just used to sign in to your {serviceName} account or to change its second factor. Recovery codes left: {left}.', 'If it was not you, contact your administrator at once.'],
      },
      sms: '{serviceName}: a recovery code was used for your account ({left} left). If it was not you, contact your administrator.',
    },
    'mfa-reset': {
      email: {
        subject: 'The second factor of your {serviceName} account was reset',
        paragraphs: [
          'An administrator removed every second factor and recovery code of your {serviceName} account, and signed out its sessions.',
          'Sign in with your password and set up a new second factor. If you did not ask for this, contact your administrator at once.',
        ],
      },
      sms: '{serviceName}: an administrator reset the second factor of your account. If you did not ask for this, contact your administrator.',
    },
  },
};
