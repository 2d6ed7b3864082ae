/** Metadata key: which named throttlers apply to a route (none unless a decorator names them). */
export const THROTTLE_SCOPES = 'throttle:scopes';

/** The named throttlers; limits come from AppConfig.throttle, a minute each. */
export const LOGIN_IP = 'login-ip';
export const LOGIN_ID = 'login-id';
export const RECOVERY_IP = 'recovery-ip';
export type ThrottleScope = typeof LOGIN_IP | typeof LOGIN_ID | typeof RECOVERY_IP;

export const THROTTLE_TTL_MS = 60_000;
