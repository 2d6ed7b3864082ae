import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { DomainError } from '../common/errors/domain-error';
import { OidcClientsService } from '../oidc/oidc-clients.service';
import { OidcKeysService } from '../oidc/oidc-keys.service';
import { RealmsService } from '../realms/realms.service';
import { CliOutput } from './cli-output';

async function realmIdOf(realms: RealmsService, slug: string): Promise<string> {
  const realm = await realms.findBySlug(slug);
  if (!realm) throw new DomainError('realm_not_found');
  return realm.id;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

@SubCommand({ name: 'rotate-keys', description: 'Make a new signing key and cookie key; the previous ones stay for verification, older ones are removed' })
export class OidcRotateKeysCommand extends CommandRunner {
  constructor(
    private readonly keys: OidcKeysService,
    private readonly out: CliOutput,
  ) {
    super();
  }

  async run(): Promise<void> {
    const { signingKeyId, removed } = await this.keys.rotate();
    this.out.line(`New signing key ${signingKeyId} signs from now on (every instance picks it up within 30 seconds); ${removed} old key(s) removed.`);
  }
}

@SubCommand({ name: 'client-create', description: 'Register an application for single sign-on; prints its client secret once' })
export class OidcClientCreateCommand extends CommandRunner {
  constructor(
    private readonly clients: OidcClientsService,
    private readonly realms: RealmsService,
    private readonly out: CliOutput,
  ) {
    super();
  }

  async run(_args: string[], o: { realm: string; name: string; redirectUri?: string[]; postLogoutUri?: string[]; public?: boolean; firstParty?: boolean }): Promise<void> {
    const realmId = await realmIdOf(this.realms, o.realm);
    const { client, clientSecret } = await this.clients.create(
      { realmId, actorId: null },
      { name: o.name, redirectUris: o.redirectUri ?? [], postLogoutRedirectUris: o.postLogoutUri ?? [], public: o.public ?? false, firstParty: o.firstParty ?? false },
    );
    this.out.line(`Registered "${client.name}" in realm "${o.realm}".`);
    this.out.line(`client_id: ${client.clientId}`);
    this.out.line(clientSecret ? `client_secret (shown only this once): ${clientSecret}` : 'public client: no secret (PKCE required)');
  }

  @Option({ flags: '--realm <slug>', description: 'Realm slug', required: true })
  parseRealm(value: string): string {
    return value;
  }

  @Option({ flags: '--name <name>', description: 'Name shown on the consent page', required: true })
  parseName(value: string): string {
    return value;
  }

  @Option({ flags: '--redirect-uri <uri>', description: 'Redirect URI (repeat for several)' })
  parseRedirectUri(value: string, previous?: string[]): string[] {
    return collect(value, previous);
  }

  @Option({ flags: '--post-logout-uri <uri>', description: 'Post-logout redirect URI (repeat for several)' })
  parsePostLogoutUri(value: string, previous?: string[]): string[] {
    return collect(value, previous);
  }

  @Option({ flags: '--public', description: 'A public client (no secret)' })
  parsePublic(): boolean {
    return true;
  }

  @Option({ flags: '--first-party', description: 'Skip the consent page' })
  parseFirstParty(): boolean {
    return true;
  }
}

@SubCommand({ name: 'client-list', description: 'Registered applications of a realm (no secrets)' })
export class OidcClientListCommand extends CommandRunner {
  constructor(
    private readonly clients: OidcClientsService,
    private readonly realms: RealmsService,
    private readonly out: CliOutput,
  ) {
    super();
  }

  async run(_args: string[], o: { realm: string }): Promise<void> {
    const items = await this.clients.list(await realmIdOf(this.realms, o.realm));
    for (const c of items) this.out.line(`${c.clientId}\t${c.name}\t${c.public ? 'public' : 'confidential'}${c.firstParty ? ', first-party' : ''}\t${c.redirectUris.join(' ')}`);
    if (!items.length) this.out.line('No applications.');
  }

  @Option({ flags: '--realm <slug>', description: 'Realm slug', required: true })
  parseRealm(value: string): string {
    return value;
  }
}

@SubCommand({ name: 'client-delete', arguments: '<clientId>', description: 'Delete an application; its tokens stop working' })
export class OidcClientDeleteCommand extends CommandRunner {
  constructor(
    private readonly clients: OidcClientsService,
    private readonly realms: RealmsService,
    private readonly out: CliOutput,
  ) {
    super();
  }

  async run([clientId]: string[], o: { realm: string }): Promise<void> {
    await this.clients.delete({ realmId: await realmIdOf(this.realms, o.realm), actorId: null }, clientId);
    this.out.line(`Deleted ${clientId}.`);
  }

  @Option({ flags: '--realm <slug>', description: 'Realm slug', required: true })
  parseRealm(value: string): string {
    return value;
  }
}

@Command({ name: 'oidc', description: 'Single sign-on: keys and applications', subCommands: [OidcRotateKeysCommand, OidcClientCreateCommand, OidcClientListCommand, OidcClientDeleteCommand] })
export class OidcCommand extends CommandRunner {
  async run(): Promise<void> {
    this.command.help();
  }
}
