import type { Rows } from './rows.ts';

/** A table's key field and the fields it can be looked up by. */
export interface TableSpec<R> {
  readonly key: keyof R & string;
  readonly indexes: readonly (keyof R & string)[];
}

/** Table names. */
export type TableName = keyof Rows;

/** The schema every adapter stores: key and secondary indexes per table. */
export const TABLES: { readonly [T in TableName]: TableSpec<Rows[T]> } = {
  meta: { key: 'name', indexes: [] },
  kernelSessions: { key: 'logonId', indexes: [] },
  lsaSessions: { key: 'logonId', indexes: ['sid'] },
  tokens: { key: 'id', indexes: ['logonId'] },
  handles: { key: 'id', indexes: ['tokenId'] },
  cascades: { key: 'logonId', indexes: [] },
  users: { key: 'key', indexes: ['sid'] },
  groups: { key: 'key', indexes: ['sid'] },
  hosts: { key: 'name', indexes: [] },
  wtsSessions: { key: 'key', indexes: ['host'] },
  processes: { key: 'key', indexes: ['sessionKey'] },
  cursors: { key: 'name', indexes: [] },
};

/** The names of every table, in a fixed order. */
export const TABLE_NAMES = Object.keys(TABLES) as TableName[];
