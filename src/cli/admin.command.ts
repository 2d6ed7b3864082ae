import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { CreateStaffAccountUseCase } from '../admin/use-cases/create-staff-account.use-case';
import { CliOutput } from './cli-output';
import { readStdinLine } from './stdin';

@SubCommand({ name: 'create', description: 'Create a realm_admin, or an org_admin of an organisation' })
export class AdminCreateCommand extends CommandRunner {
  constructor(
    private readonly createStaff: CreateStaffAccountUseCase,
    private readonly out: CliOutput,
  ) {
    super();
  }

  async run(_args: string[], options: { realm: string; login: string; role: string; organization?: string; email?: string; passwordStdin?: boolean }): Promise<void> {
    const password = options.passwordStdin ? await readStdinLine() : undefined;
    const { user, generatedPassword } = await this.createStaff.execute({ realm: options.realm, login: options.login, role: options.role, organization: options.organization, email: options.email, password });
    this.out.line(`Created ${options.role} "${user.login}" in realm "${options.realm}" (id ${user.id}).`);
    if (generatedPassword) {
      this.out.line(`Password, shown only this once (it must be changed at first sign-in): ${generatedPassword}`);
    }
  }

  @Option({ flags: '--realm <slug>', description: 'Realm slug', required: true })
  parseRealm(value: string): string {
    return value;
  }

  @Option({ flags: '--login <login>', description: 'Login of the new admin', required: true })
  parseLogin(value: string): string {
    return value;
  }

  @Option({ flags: '--role <role>', description: 'realm_admin | org_admin', defaultValue: 'realm_admin' })
  parseRole(value: string): string {
    return value;
  }

  @Option({ flags: '--organization <slug>', description: "The organisation (required for org_admin)" })
  parseOrganization(value: string): string {
    return value;
  }

  @Option({ flags: '--email <email>', description: 'E-mail address (unconfirmed until the admin confirms it)' })
  parseEmail(value: string): string {
    return value;
  }

  @Option({ flags: '--password-stdin', description: 'Read the password from the first line of standard input (else one is generated)' })
  parsePasswordStdin(): boolean {
    return true;
  }
}

@Command({ name: 'admin', description: 'Staff accounts', subCommands: [AdminCreateCommand] })
export class AdminCommand extends CommandRunner {
  async run(): Promise<void> {
    this.command.help();
  }
}
