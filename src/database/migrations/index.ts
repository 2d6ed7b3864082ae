import { InitialSchema1763900000000 } from './1763900000000-initial-schema';

/** Every migration, in order. A new migration is one file and one line here. */
export const MIGRATIONS = [InitialSchema1763900000000];
