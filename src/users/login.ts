/** The form in which logins are compared: case-insensitive, Unicode-normalised. */
export function normalizeLogin(login: string): string {
  return login.normalize('NFKC').toLowerCase();
}

/** The form in which e-mails are compared. */
export function normalizeEmail(email: string): string {
  return email.trim().normalize('NFKC').toLowerCase();
}
