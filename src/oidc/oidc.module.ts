import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CsrfGuard } from '../web/csrf.guard';
import { WebContextService } from '../web/web-context';
import { WebExceptionFilter } from '../web/web-exception.filter';
import { AdminOidcClientsController } from './admin-oidc-clients.controller';
import { OidcClientEntity } from './entities/oidc-client.entity';
import { OidcKeyEntity } from './entities/oidc-key.entity';
import { OidcPayloadEntity } from './entities/oidc-payload.entity';
import { OidcAdminPagesController } from './oidc-admin-pages.controller';
import { OidcClientsService } from './oidc-clients.service';
import { OidcInteractionController } from './oidc-interaction.controller';
import { OidcInteractionService } from './oidc-interaction.service';
import { OidcKeysService } from './oidc-keys.service';
import { OidcMaintenance } from './oidc-maintenance.service';
import { OidcMount } from './oidc-mount';
import { OidcPages } from './oidc-pages';
import { OidcPayloadStore } from './oidc-payload.store';
import { OidcProviderRegistry } from './oidc-provider.registry';

/** Single sign-on: every realm an OpenID Provider (oidc-provider), its storage, keys and clients. */
@Module({
  imports: [TypeOrmModule.forFeature([OidcPayloadEntity, OidcClientEntity, OidcKeyEntity])],
  controllers: [AdminOidcClientsController, OidcInteractionController, OidcAdminPagesController],
  providers: [
    OidcPayloadStore,
    OidcKeysService,
    OidcClientsService,
    OidcPages,
    OidcProviderRegistry,
    OidcInteractionService,
    OidcMount,
    OidcMaintenance,
    WebContextService,
    CsrfGuard,
    WebExceptionFilter,
  ],
  exports: [OidcMount, OidcClientsService, OidcKeysService, OidcProviderRegistry],
})
export class OidcModule {}
