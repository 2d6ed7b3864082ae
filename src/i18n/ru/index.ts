import { errors } from './errors';
import { mfa } from './mfa';
import { pages } from './pages';
import { policy } from './policy';
import { recovery } from './recovery';
import { settings } from './settings';
import { sso } from './sso';
import { validation } from './validation';

/** The ru catalogue: one namespace per area; add a file and a line here for a new area. */
export const ru = { errors, validation, policy, recovery, pages, mfa, sso, settings };
