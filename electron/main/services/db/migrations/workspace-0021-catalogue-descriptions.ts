import type Database from 'better-sqlite3';
import type { Migration } from '../migrate';
import { decodedColumns, recordJoins } from '../../store/record-codec';
import { adoptCatalogueDescriptions } from '../../store/record-dictionaries-repo';

/**
 * Descriptions from the code catalogue (issue 13): a record whose description is the catalogue's
 * text for its (operator, carrier code, else result code) stores no text key of its own
 * (description = 0, CATALOGUE_DESCRIPTION) and decodes from record_catalogue, the store's own copy
 * of those catalogue texts (adopted once, never changed: a later catalogue cannot change how a
 * stored record reads). Records with other wording keep their record_descriptions key (lossless).
 *
 * In place: record_catalogue is filled for the codes the store knows, the matching records' keys
 * become 0 (one pass over auth_record_rows), and the auth_records view is created again with the
 * decoding that reads record_catalogue. auth_record_rows.description stays NOT NULL: 0 is the marker
 * instead of NULL because SQLite stores both in the row header alone (the same bytes), and dropping
 * the constraint would mean rebuilding the table and its indexes.
 */
function up(db: Database.Database): void {
  adoptCatalogueDescriptions(db);
  db.exec(`
DROP VIEW auth_records;
CREATE VIEW auth_records AS SELECT
  ${decodedColumns('r')}
FROM auth_record_rows r ${recordJoins('r')};

CREATE TRIGGER auth_records_delete INSTEAD OF DELETE ON auth_records
BEGIN DELETE FROM auth_record_rows WHERE seq = OLD.seq; END;
CREATE TRIGGER auth_records_update_time INSTEAD OF UPDATE OF request_ms ON auth_records
BEGIN UPDATE auth_record_rows SET request_ms = NEW.request_ms WHERE seq = OLD.seq; END;
`);
}

export const workspaceCatalogueDescriptions: Migration = { version: 10, name: 'catalogue-descriptions', up };
