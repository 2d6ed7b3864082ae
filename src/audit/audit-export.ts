import type { AuditEventEntity } from './entities/audit-event.entity';
import { csvLine } from '../common/csv';

export type AuditExportFormat = 'jsonl' | 'csv';

export const AUDIT_CSV_HEADER = csvLine(['id', 'at', 'type', 'actorId', 'userId', 'organizationId', 'ip', 'details']);

/** One exported line (without the line break): a JSON object, or a CSV record with details as JSON. */
export function auditExportLine(e: AuditEventEntity, format: AuditExportFormat): string {
  const at = e.at.toISOString();
  if (format === 'jsonl') {
    return JSON.stringify({ id: e.id, at, type: e.type, actorId: e.actorId, userId: e.userId, organizationId: e.organizationId, ip: e.ip, details: e.details ?? {} });
  }
  return csvLine([e.id, at, e.type, e.actorId, e.userId, e.organizationId, e.ip, JSON.stringify(e.details ?? {})]);
}
