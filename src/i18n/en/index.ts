import { errors } from './errors';
import { mfa } from './mfa';
import { pages } from './pages';
import { policy } from './policy';
import { recovery } from './recovery';
import { settings } from './settings';
import { sso } from './sso';
import { validation } from './validation';

/** The en catalogue: same namespaces as ru. */
export const en = { errors, validation, policy, recovery, pages, mfa, sso, settings };
