import { QueryRunner, TableColumnOptions } from 'typeorm';

/**
 * Column builders that give the same schema on SQLite and PostgreSQL, so every migration
 * is written once and runs on both (timestamps: `datetime` on SQLite, `timestamptz` on PostgreSQL).
 */
export function columns(queryRunner: QueryRunner) {
  const pg = queryRunner.connection.driver.options.type === 'postgres';
  return {
    id: (name = 'id'): TableColumnOptions => ({ name, type: 'varchar', length: '36', isPrimary: true }),
    ref: (name: string, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: '36', isNullable: nullable }),
    str: (name: string, length: number, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable: nullable }),
    text: (name: string, nullable = false): TableColumnOptions => ({ name, type: 'text', isNullable: nullable }),
    bool: (name: string, def: boolean): TableColumnOptions => ({ name, type: 'boolean', isNullable: false, default: pg ? String(def) : def ? 1 : 0 }),
    int: (name: string, def?: number, nullable = false): TableColumnOptions => ({ name, type: 'integer', isNullable: nullable, ...(def === undefined ? {} : { default: def }) }),
    ts: (name: string, nullable = false): TableColumnOptions => ({ name, type: pg ? 'timestamptz' : 'datetime', isNullable: nullable }),
    /** JSON stored as text (TypeORM `simple-json`). */
    json: (name: string): TableColumnOptions => ({ name, type: 'text', isNullable: false }),
  };
}
