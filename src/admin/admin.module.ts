import { Module } from '@nestjs/common';
import { RecoveryModule } from '../recovery/recovery.module';
import { AdminAccessGuard } from './admin-access.guard';
import { AdminAccessRequestsController } from './admin-access-requests.controller';
import { AdminAuditController } from './admin-audit.controller';
import { AdminOrganizationsController } from './admin-organizations.controller';
import { AdminRealmController } from './admin-realm.controller';
import { AdminUsersController } from './admin-users.controller';
import { ScopedUsers } from './scoped-users.service';
import { CreateRealmUseCase } from './use-cases/create-realm.use-case';
import { CreateStaffAccountUseCase } from './use-cases/create-staff-account.use-case';
import { ImportUsersUseCase } from './use-cases/import-users.use-case';
import { CreateOrganizationUseCase } from './use-cases/create-organization.use-case';
import { CreateUserUseCase } from './use-cases/create-user.use-case';
import { EndSessionsUseCase } from './use-cases/end-sessions.use-case';
import { GetRealmSettingsUseCase } from './use-cases/get-realm-settings.use-case';
import { GetUserUseCase } from './use-cases/get-user.use-case';
import { ListAccessRequestsUseCase } from './use-cases/list-access-requests.use-case';
import { ListOrganizationsUseCase } from './use-cases/list-organizations.use-case';
import { ListUsersUseCase } from './use-cases/list-users.use-case';
import { QueryAuditUseCase } from './use-cases/query-audit.use-case';
import { ResetAccessUseCase } from './use-cases/reset-access.use-case';
import { ResolveAccessRequestUseCase } from './use-cases/resolve-access-request.use-case';
import { UnlockUserUseCase } from './use-cases/unlock-user.use-case';
import { UpdateRealmSettingsUseCase } from './use-cases/update-realm-settings.use-case';
import { UpdateUserUseCase } from './use-cases/update-user.use-case';

/** Every use case a staff page may call (the admin console of the web module uses these too). */
export const ADMIN_USE_CASES = [
  GetRealmSettingsUseCase,
  UpdateRealmSettingsUseCase,
  CreateOrganizationUseCase,
  ListOrganizationsUseCase,
  CreateUserUseCase,
  ListUsersUseCase,
  GetUserUseCase,
  UpdateUserUseCase,
  ResetAccessUseCase,
  UnlockUserUseCase,
  EndSessionsUseCase,
  ListAccessRequestsUseCase,
  ResolveAccessRequestUseCase,
  QueryAuditUseCase,
];

/** Operator use cases of the command line (no admin scope: whoever runs the CLI owns the database). */
export const OPERATOR_USE_CASES = [CreateRealmUseCase, CreateStaffAccountUseCase, ImportUsersUseCase];

/** Staff operations: realm settings, organisations, users, restoring access, access requests, audit. */
@Module({
  imports: [RecoveryModule],
  controllers: [AdminRealmController, AdminOrganizationsController, AdminUsersController, AdminAccessRequestsController, AdminAuditController],
  providers: [AdminAccessGuard, ScopedUsers, ...ADMIN_USE_CASES, ...OPERATOR_USE_CASES],
  exports: [AdminAccessGuard, ScopedUsers, ...ADMIN_USE_CASES, ...OPERATOR_USE_CASES],
})
export class AdminModule {}
