import { readFileSync, writeFileSync } from 'node:fs';
import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { ImportUsersUseCase, rejectedRowsCsv } from '../admin/use-cases/import-users.use-case';
import { CliOutput } from './cli-output';

interface ImportFlags {
  realm: string;
  organization?: string;
  contactsVerified?: boolean;
  sendSetupLinks?: boolean;
  dryRun?: boolean;
  report?: string;
}

@SubCommand({
  name: 'import',
  arguments: '<file>',
  description: 'Import users from a CSV file (header: login,email,phone,birthDate,locale,organization,password); prints a report of rejected rows',
})
export class UsersImportCommand extends CommandRunner {
  constructor(
    private readonly importUsers: ImportUsersUseCase,
    private readonly out: CliOutput,
  ) {
    super();
  }

  async run([file]: string[], flags: ImportFlags): Promise<void> {
    const report = await this.importUsers.execute(readFileSync(file, 'utf8'), {
      realm: flags.realm,
      organization: flags.organization,
      contactsVerified: flags.contactsVerified,
      sendSetupLinks: flags.sendSetupLinks,
      dryRun: flags.dryRun,
    });
    if (report.ignoredColumns.length) this.out.line(`Ignored columns: ${report.ignoredColumns.join(', ')}`);
    for (const r of report.rejected) this.out.line(`Rejected row ${r.row}${r.login ? ` (${r.login})` : ''}: ${r.reasons.join('; ')}`);
    this.out.line(`${flags.dryRun ? 'Would create' : 'Created'} ${report.created.length} user(s); rejected ${report.rejected.length} row(s).`);
    if (flags.report) {
      writeFileSync(flags.report, rejectedRowsCsv(report));
      this.out.line(`Rejected rows written to ${flags.report}`);
    }
    if (report.rejected.length) process.exitCode = 2;
  }

  @Option({ flags: '--realm <slug>', description: 'Realm slug', required: true })
  parseRealm(value: string): string {
    return value;
  }

  @Option({ flags: '--organization <slug>', description: 'Organisation for rows without an organization column' })
  parseOrganization(value: string): string {
    return value;
  }

  @Option({ flags: '--contacts-verified', description: 'Mark imported e-mails and phones as confirmed (only when they were checked)' })
  parseContactsVerified(): boolean {
    return true;
  }

  @Option({ flags: '--send-setup-links', description: 'E-mail a setup link to users imported without a password' })
  parseSendSetupLinks(): boolean {
    return true;
  }

  @Option({ flags: '--dry-run', description: 'Check every row, create nothing' })
  parseDryRun(): boolean {
    return true;
  }

  @Option({ flags: '--report <file>', description: 'Also write the rejected rows (row, login, reasons) as CSV' })
  parseReport(value: string): string {
    return value;
  }
}

@Command({ name: 'users', description: 'Users', subCommands: [UsersImportCommand] })
export class UsersCommand extends CommandRunner {
  async run(): Promise<void> {
    this.command.help();
  }
}
