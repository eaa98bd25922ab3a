/**
 * Statements prepared once per connection and kept while it lives: for repositories and query
 * modules read after every sync page or alert evaluation, where preparing again each time would
 * cost more than the reads. The cache is keyed weakly on the connection, so a closed and dropped
 * database takes its statements with it.
 */
import type { Db } from './open';

export function preparedOnce<T>(prepare: (db: Db) => T): (db: Db) => T {
  const byDb = new WeakMap<Db, T>();
  return (db) => {
    let made = byDb.get(db);
    if (made === undefined) byDb.set(db, (made = prepare(db)));
    return made;
  };
}
