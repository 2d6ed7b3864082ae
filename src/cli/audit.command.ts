import { createWriteStream, WriteStream } from 'node:fs';
import { once } from 'node:events';
import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { AUDIT_EVENT_TYPES, AuditEventType } from '../audit/audit-event-types';
import { AUDIT_CSV_HEADER, auditExportLine, AuditExportFormat } from '../audit/audit-export';
import { AuditQueryService } from '../audit/audit-query.service';
import { DomainError } from '../common/errors/domain-error';
import { RealmsService } from '../realms/realms.service';
import { CliOutput } from './cli-output';

interface ExportFlags {
  realm: string;
  format: string;
  since?: string;
  until?: string;
  type?: string;
  user?: string;
  output?: string;
}

@SubCommand({ name: 'export', description: 'Export the audit log, oldest first, as JSON lines or CSV' })
export class AuditExportCommand extends CommandRunner {
  constructor(
    private readonly realms: RealmsService,
    private readonly audit: AuditQueryService,
    private readonly out: CliOutput,
  ) {
    super();
  }

  async run(_args: string[], flags: ExportFlags): Promise<void> {
    const realm = await this.realms.findBySlug(flags.realm);
    if (!realm) throw new DomainError('realm_not_found');
    if (flags.format !== 'jsonl' && flags.format !== 'csv') throw new Error('--format must be jsonl or csv');
    if (flags.type && !(AUDIT_EVENT_TYPES as readonly string[]).includes(flags.type)) throw new Error(`--type must be one of: ${AUDIT_EVENT_TYPES.join(', ')}`);
    const format = flags.format as AuditExportFormat;
    const file: WriteStream | null = flags.output ? createWriteStream(flags.output) : null;
    const write = async (line: string) => {
      if (file ? !file.write(`${line}\n`) : !this.out.write(`${line}\n`)) await once(file ?? process.stdout, 'drain');
    };
    if (format === 'csv') await write(AUDIT_CSV_HEADER);
    let count = 0;
    for await (const event of this.audit.walk({ realmId: realm.id, type: flags.type as AuditEventType | undefined, userId: flags.user, since: date(flags.since, '--since'), until: date(flags.until, '--until') })) {
      await write(auditExportLine(event, format));
      count++;
    }
    if (file) {
      file.end();
      await once(file, 'finish');
      process.stderr.write(`Exported ${count} event(s) to ${flags.output}\n`);
    }
  }

  @Option({ flags: '--realm <slug>', description: 'Realm slug', required: true })
  parseRealm(value: string): string {
    return value;
  }

  @Option({ flags: '--format <format>', description: 'jsonl | csv', defaultValue: 'jsonl' })
  parseFormat(value: string): string {
    return value;
  }

  @Option({ flags: '--since <date>', description: 'Only events at or after this ISO date/time' })
  parseSince(value: string): string {
    return value;
  }

  @Option({ flags: '--until <date>', description: 'Only events before this ISO date/time' })
  parseUntil(value: string): string {
    return value;
  }

  @Option({ flags: '--type <type>', description: 'Only events of this type' })
  parseType(value: string): string {
    return value;
  }

  @Option({ flags: '--user <id>', description: 'Only events about this user id' })
  parseUser(value: string): string {
    return value;
  }

  @Option({ flags: '--output <file>', description: 'Write to a file instead of standard output' })
  parseOutput(value: string): string {
    return value;
  }
}

function date(value: string | undefined, flag: string): Date | undefined {
  if (value === undefined) return undefined;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw new Error(`${flag} must be an ISO date, e.g. 2026-01-31 or 2026-01-31T12:00:00Z`);
  return d;
}

@Command({ name: 'audit', description: 'Audit log', subCommands: [AuditExportCommand] })
export class AuditCommand extends CommandRunner {
  async run(): Promise<void> {
    this.command.help();
  }
}
