import { DynamicModule, Module } from '@nestjs/common';
import { AdminModule } from '../admin/admin.module';
import { AppModule } from '../app.module';
import { AppLogger } from '../common/logging/app-logger';
import { OidcModule } from '../oidc/oidc.module';
import { AppConfig } from '../config/app-config';
import { AdminCommand, AdminCreateCommand } from './admin.command';
import { AuditCommand, AuditExportCommand } from './audit.command';
import { CliOutput } from './cli-output';
import { OidcClientCreateCommand, OidcClientDeleteCommand, OidcClientListCommand, OidcCommand, OidcRotateKeysCommand } from './oidc.command';
import { RealmCommand, RealmCreateCommand } from './realm.command';
import { UsersCommand, UsersImportCommand } from './users.command';

/** The operator's command line: the whole service (migrations run first) plus the commands. */
@Module({})
export class CliModule {
  static forRoot(config: AppConfig, logger: AppLogger): DynamicModule {
    return {
      module: CliModule,
      imports: [AppModule.forRoot(config, logger), AdminModule, OidcModule],
      providers: [
        CliOutput,
        RealmCommand,
        RealmCreateCommand,
        AdminCommand,
        AdminCreateCommand,
        UsersCommand,
        UsersImportCommand,
        AuditCommand,
        AuditExportCommand,
        OidcCommand,
        OidcRotateKeysCommand,
        OidcClientCreateCommand,
        OidcClientListCommand,
        OidcClientDeleteCommand,
      ],
    };
  }
}
