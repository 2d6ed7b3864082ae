/** The preset names of the contract (API.md, Administration). */
export const PRESET_NAMES = ['merchant', 'school', 'standard'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

export type Disclosure = 'explicit' | 'uniform';
export type ForgotPasswordRequires = 'login+email' | 'login+captcha';
export type Charset = 'any' | 'latin-alphanumeric';

export interface PasswordPolicySettings {
  minLength: number;
  maxLength: number;
  charset: Charset;
  requireLetter: boolean;
  requireDigit: boolean;
  requireLowercase: boolean;
  requireUppercase: boolean;
  historySize: number;
  /** Refuse passwords found in common-password dictionaries (`too_common`). */
  rejectCommon: boolean;
  /** Refuse passwords that contain the login (`contains_login`). */
  rejectContainsLogin: boolean;
}

/** Every realm setting; all have defaults from a preset, all are editable by a realm admin. */
export interface RealmSettings {
  preset: PresetName;
  disclosure: Disclosure;
  forgotPasswordRequires: ForgotPasswordRequires;
  captcha: boolean;
  smsFallback: boolean;
  hiddenPhoneDigits: number;
  resetLinkTtlSeconds: number;
  smsCodeTtlSeconds: number;
  smsCodeMaxAttempts: number;
  phoneDigitsMaxAttempts: number;
  recoveryCooldownSeconds: number;
  lockout: { maxFailures: number; durationSeconds: number };
  passwordPolicy: PasswordPolicySettings;
  defaultPermissions: string[];
  locales: string[];
  defaultLocale: string;
  supportContact: string;
  sessionTtlSeconds: number;
  /** New-device sign-in alerts (security-centre); off in every preset. */
  signInAlerts: boolean;
  /** The realm's name on pages, e-mails and SMS; '' in storage means the realm's creation name, which defaults to the slug (see toRequestRealm). */
  displayName: string;
  branding: BrandingSettings;
  /** Who must have a second factor (`staff`: users with an admin role). */
  mfa: { required: 'off' | 'staff' | 'all' };
}

export interface BrandingSettings {
  /** `#RRGGBB`, contrast ≥ 4.5:1 against white. */
  primaryColor: string;
}

export const DEFAULT_PRIMARY_COLOR = '#1F4E79';

const STANDARD_POLICY: PasswordPolicySettings = {
  minLength: 15,
  maxLength: 128,
  charset: 'any',
  requireLetter: false,
  requireDigit: false,
  requireLowercase: false,
  requireUppercase: false,
  historySize: 3,
  rejectCommon: true,
  rejectContainsLogin: true,
};

const COMMON: Omit<RealmSettings, 'preset' | 'disclosure' | 'forgotPasswordRequires' | 'captcha' | 'smsFallback' | 'passwordPolicy' | 'defaultPermissions' | 'defaultLocale'> = {
  hiddenPhoneDigits: 4,
  resetLinkTtlSeconds: 3600,
  smsCodeTtlSeconds: 300,
  smsCodeMaxAttempts: 5,
  phoneDigitsMaxAttempts: 3,
  recoveryCooldownSeconds: 60,
  lockout: { maxFailures: 10, durationSeconds: 900 },
  locales: ['ru', 'en'],
  supportContact: '',
  sessionTtlSeconds: 28800,
  signInAlerts: false,
  displayName: '',
  branding: { primaryColor: DEFAULT_PRIMARY_COLOR },
  mfa: { required: 'off' },
};

/** The three presets exactly as API.md tabulates them. */
export const PRESETS: Record<PresetName, RealmSettings> = {
  merchant: {
    ...COMMON,
    preset: 'merchant',
    disclosure: 'explicit',
    forgotPasswordRequires: 'login+email',
    captcha: false,
    smsFallback: false,
    passwordPolicy: {
      minLength: 8,
      maxLength: 20,
      charset: 'latin-alphanumeric',
      requireLetter: true,
      requireDigit: true,
      requireLowercase: false,
      requireUppercase: false,
      historySize: 3,
      rejectCommon: false,
      rejectContainsLogin: false,
    },
    defaultPermissions: ['orders.monitoring', 'reports', 'settings'],
    defaultLocale: 'ru',
  },
  school: {
    ...COMMON,
    preset: 'school',
    disclosure: 'uniform',
    forgotPasswordRequires: 'login+captcha',
    captcha: true,
    smsFallback: true,
    passwordPolicy: { ...STANDARD_POLICY },
    defaultPermissions: [],
    defaultLocale: 'ru',
  },
  standard: {
    ...COMMON,
    preset: 'standard',
    disclosure: 'uniform',
    forgotPasswordRequires: 'login+email',
    captcha: false,
    smsFallback: false,
    passwordPolicy: { ...STANDARD_POLICY },
    defaultPermissions: [],
    defaultLocale: 'en',
  },
};

/** A deep copy of a preset's settings. */
export function presetSettings(name: PresetName): RealmSettings {
  return structuredClone(PRESETS[name]);
}

export type RealmSettingsPatch = Partial<Omit<RealmSettings, 'lockout' | 'passwordPolicy' | 'branding' | 'mfa'>> & {
  branding?: Partial<BrandingSettings>;
  mfa?: Partial<RealmSettings['mfa']>;
  lockout?: Partial<RealmSettings['lockout']>;
  passwordPolicy?: Partial<PasswordPolicySettings>;
};

/**
 * Applies a PATCH: a named preset first, then the other fields; nested objects merge.
 * Stored settings are completed from their preset so that settings added later get defaults.
 */
export function applySettingsPatch(current: RealmSettings, patch: RealmSettingsPatch): RealmSettings {
  // A preset sets policies, not the realm's name and look: those carry over.
  const base = patch.preset ? { ...presetSettings(patch.preset), displayName: current.displayName, branding: structuredClone(current.branding) } : structuredClone(current);
  const { lockout, passwordPolicy, branding, preset, mfa, ...flat } = patch;
  const defined = Object.fromEntries(Object.entries(flat).filter(([, v]) => v !== undefined));
  return {
    ...base,
    ...defined,
    preset: preset ?? base.preset,
    lockout: { ...base.lockout, ...(lockout ?? {}) },
    passwordPolicy: { ...base.passwordPolicy, ...(passwordPolicy ?? {}) },
    branding: { ...base.branding, ...(branding ?? {}) },
    mfa: { ...base.mfa, ...(mfa ?? {}) },
  };
}

/** Fills settings read from storage with the defaults of their preset (forward compatible). */
export function completeSettings(stored: Partial<RealmSettings> | null | undefined): RealmSettings {
  const preset = stored?.preset && (PRESET_NAMES as readonly string[]).includes(stored.preset) ? stored.preset : 'standard';
  const { preset: _ignored, ...rest } = stored ?? {};
  return applySettingsPatch(presetSettings(preset), rest as RealmSettingsPatch);
}
