import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { CreateRealmUseCase } from '../admin/use-cases/create-realm.use-case';
import { CliOutput } from './cli-output';

@SubCommand({ name: 'create', arguments: '<slug>', description: 'Create a realm (an isolated user space) with a preset' })
export class RealmCreateCommand extends CommandRunner {
  constructor(
    private readonly createRealm: CreateRealmUseCase,
    private readonly out: CliOutput,
  ) {
    super();
  }

  async run([slug]: string[], options: { preset: string; name?: string }): Promise<void> {
    const realm = await this.createRealm.execute({ slug, name: options.name, preset: options.preset });
    this.out.line(`Created realm "${realm.slug}" (${realm.name}) with preset "${options.preset}".`);
  }

  @Option({ flags: '--preset <preset>', description: 'merchant | school | standard', defaultValue: 'standard' })
  parsePreset(value: string): string {
    return value;
  }

  @Option({ flags: '--name <name>', description: 'Display name (default: the slug)' })
  parseName(value: string): string {
    return value;
  }
}

@Command({ name: 'realm', description: 'Realms', subCommands: [RealmCreateCommand] })
export class RealmCommand extends CommandRunner {
  async run(): Promise<void> {
    this.command.help();
  }
}
