import { errors } from './errors';
import { pages } from './pages';
import { validation } from './validation';

/** The en catalogue: same namespaces as ru. */
export const en = { errors, validation, pages };
