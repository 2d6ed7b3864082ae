/** The audit event types of the contract (API.md, Administration). */
export const AUDIT_EVENT_TYPES = [
  'sign_in.succeeded',
  'sign_in.failed',
  'account.locked',
  'account.unlocked',
  'session.ended',
  'password.changed',
  'recovery.requested',
  'recovery.completed',
  'access_request.created',
  'access_request.resolved',
  'user.created',
  'user.updated',
  'admin.reset_access',
  'contact.changed',
  'realm.settings_changed',
  'notice.failed',
  'mfa.enabled',
  'mfa.disabled',
  'mfa.reset',
  'mfa.failed',
  'mfa.recovery_code_used',
  'oidc_client.created',
  'oidc_client.deleted',
] as const;

export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];
