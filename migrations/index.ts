import { CreateRegistry1763900000000 } from './1763900000000-create-registry';

/** Every migration, in order. A new migration is added here as well as in its own file. */
export const MIGRATIONS: Function[] = [CreateRegistry1763900000000];
