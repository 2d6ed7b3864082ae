import { InitialSchema1763900000000 } from './1763900000000-initial-schema';
import { ContactVerificationsAndAuditOrder1763900006000 } from './1763900006000-contact-verifications-and-audit-order';
import { NotificationOutbox1764100000000 } from './1764100000000-notification-outbox';
import { RecoverySchema1764300000000 } from './1764300000000-recovery-schema';
import { RecoveryHardening1764500000000 } from './1764500000000-recovery-hardening';
import { SecurityCentre1765200000000 } from './1765200000000-security-centre';
import { SecondFactor1765000000000 } from './1765000000000-second-factor';
import { Oidc1765100000000 } from './1765100000000-oidc';

/** Every migration, in order. A new migration is one file and one line here. */
export const MIGRATIONS = [
  InitialSchema1763900000000,
  ContactVerificationsAndAuditOrder1763900006000,
  NotificationOutbox1764100000000,
  RecoverySchema1764300000000,
  RecoveryHardening1764500000000,
  SecondFactor1765000000000,
  Oidc1765100000000,
  SecurityCentre1765200000000,
];
