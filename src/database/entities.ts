import { AccessRequestEntity } from '../access-requests/entities/access-request.entity';
import { AuditEventEntity } from '../audit/entities/audit-event.entity';
import { SessionEntity } from '../auth/entities/session.entity';
import { CaptchaEntity } from '../captcha/entities/captcha.entity';
import { OidcClientEntity } from '../oidc/entities/oidc-client.entity';
import { OidcKeyEntity } from '../oidc/entities/oidc-key.entity';
import { OidcPayloadEntity } from '../oidc/entities/oidc-payload.entity';
import { OutboxMessageEntity } from '../notifications/outbox/outbox-message.entity';
import { RecoveryFlowEntity } from '../recovery/entities/recovery-flow.entity';
import { ResetTokenEntity } from '../recovery/entities/reset-token.entity';
import { OrganizationEntity } from '../realms/entities/organization.entity';
import { RealmEntity } from '../realms/entities/realm.entity';
import { PasswordHistoryEntity } from '../users/entities/password-history.entity';
import { UserEntity } from '../users/entities/user.entity';
import { ContactVerificationEntity } from '../verification/entities/contact-verification.entity';
import { KnownDeviceEntity } from '../security-centre/entities/known-device.entity';
import { RealmLogoEntity } from '../security-centre/entities/realm-logo.entity';
import { MfaChallengeEntity } from '../mfa/entities/mfa-challenge.entity';
import { PasskeyEntity } from '../mfa/entities/passkey.entity';
import { RecoveryCodeEntity } from '../mfa/entities/recovery-code.entity';
import { TotpFactorEntity } from '../mfa/entities/totp-factor.entity';

/** Every entity. A new table is one entity, one migration, and one line here. */
export const ENTITIES = [
  RealmEntity,
  OrganizationEntity,
  UserEntity,
  PasswordHistoryEntity,
  SessionEntity,
  AuditEventEntity,
  OutboxMessageEntity,
  CaptchaEntity,
  RecoveryFlowEntity,
  ResetTokenEntity,
  AccessRequestEntity,
  ContactVerificationEntity,
  KnownDeviceEntity,
  RealmLogoEntity,
  TotpFactorEntity,
  PasskeyEntity,
  RecoveryCodeEntity,
  MfaChallengeEntity,
  OidcPayloadEntity,
  OidcClientEntity,
  OidcKeyEntity,
];
