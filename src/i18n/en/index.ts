import { errors } from './errors';
import { recovery } from './recovery';
import { validation } from './validation';

/** The en catalogue: same namespaces as ru. */
export const en = { errors, validation, recovery };
