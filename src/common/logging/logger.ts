import pino, { Logger } from 'pino';

/** Paths that are never written to the log, whatever the level. */
export const REDACT_PATHS = [
  'password', '*.password', 'newPassword', '*.newPassword', 'currentPassword', '*.currentPassword',
  'newPasswordConfirm', '*.newPasswordConfirm', 'temporaryPassword', '*.temporaryPassword',
  'token', '*.token', 'resetToken', '*.resetToken', 'accessToken', '*.accessToken', 'code', '*.code',
  'captchaAnswer', '*.captchaAnswer', 'birthDate', '*.birthDate', 'email', '*.email', 'phone', '*.phone',
  'phoneDigits', '*.phoneDigits', 'authorization', '*.authorization', 'cookie', '*.cookie', 'req.headers.authorization',
  'req.headers.cookie', 'res.headers["set-cookie"]', 'apiKey', '*.apiKey', 'secret', '*.secret',
];

/** Structured JSON logger with secrets and personal data redacted. */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: { service: 'access-recovery' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination as pino.DestinationStream | undefined,
  );
}

/** Masks an e-mail for logs: `j***@example.org`. */
export function maskEmail(email: string): string {
  const [local, domain] = email.split('@');
  return `${local.slice(0, 1)}***@${domain ?? ''}`;
}
