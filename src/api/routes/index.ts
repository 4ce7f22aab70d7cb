// Every route, grouped by the authentication it needs.
import type { FastifyInstance } from "fastify";
import { requireAdmin } from "../auth/admin-session.ts";
import { requireApiKey } from "../auth/api-key.ts";
import type { ApiContext } from "../context.ts";
import { registerGetCollections } from "./admin/companies/companyId/collections/getCollections.ts";
import { registerGetAdminConnection } from "./admin/companies/companyId/connection/getConnection.ts";
import { registerPostConnect } from "./admin/companies/companyId/connection/postConnect.ts";
import { registerPostDisconnect } from "./admin/companies/companyId/connection/postDisconnect.ts";
import { registerPutConnection } from "./admin/companies/companyId/connection/putConnection.ts";
import { registerPatchConnection } from "./admin/companies/companyId/edi/connections/connection/patchConnection.ts";
import { registerPostForgetHostKey } from "./admin/companies/companyId/edi/connections/connection/postForgetHostKey.ts";
import { registerPostConnectionTest } from "./admin/companies/companyId/edi/connections/connection/postTest.ts";
import { registerGetConnection } from "./admin/companies/companyId/edi/connections/getConnection.ts";
import { registerGetConnections } from "./admin/companies/companyId/edi/connections/getConnections.ts";
import { registerPostConnection } from "./admin/companies/companyId/edi/connections/postConnection.ts";
import { registerGetMessages } from "./admin/companies/companyId/edi/messages/getMessages.ts";
import { registerGetMessage } from "./admin/companies/companyId/edi/messages/messageId/getMessage.ts";
import { registerPostAccept } from "./admin/companies/companyId/edi/messages/messageId/postAccept.ts";
import { registerPostReject } from "./admin/companies/companyId/edi/messages/messageId/postReject.ts";
import { registerGetPartner } from "./admin/companies/companyId/edi/partners/getPartner.ts";
import { registerGetPartners } from "./admin/companies/companyId/edi/partners/getPartners.ts";
import { registerPatchPartner } from "./admin/companies/companyId/edi/partners/patchPartner.ts";
import { registerPostPartner } from "./admin/companies/companyId/edi/partners/postPartner.ts";
import { registerPostPoll } from "./admin/companies/companyId/edi/postPoll.ts";
import { registerSsccSettings } from "./admin/companies/companyId/edi/sscc/sscc.ts";
import { registerPostAdminImport } from "./admin/companies/companyId/import/collection/postImport.ts";
import { registerGetKeys } from "./admin/companies/companyId/keys/getKeys.ts";
import { registerPostKey } from "./admin/companies/companyId/keys/postKey.ts";
import { registerPatchCompany } from "./admin/companies/companyId/patchCompany.ts";
import { registerPushSettings } from "./admin/companies/companyId/push/pushSettings.ts";
import { registerQuickBooksBooks } from "./admin/companies/companyId/quickbooks/quickbooksBooks.ts";
import { registerGetAdminRecord } from "./admin/companies/companyId/records/collection/externalId/getRecord.ts";
import { registerRecordPush } from "./admin/companies/companyId/records/collection/externalId/pushRecord.ts";
import { registerGetRecords } from "./admin/companies/companyId/records/collection/getRecords.ts";
import { registerGetCompanies } from "./admin/companies/getCompanies.ts";
import { registerPostCompany } from "./admin/companies/postCompany.ts";
import { registerGetMe } from "./admin/getMe.ts";
import { registerGetJobs } from "./admin/jobs/getJobs.ts";
import { registerPostRevoke } from "./admin/keys/keyId/postRevoke.ts";
import { registerPostLogin, signInThrottle } from "./admin/postLogin.ts";
import { registerPostLogout } from "./admin/postLogout.ts";
import { registerPostUnlock } from "./admin/users/username/postUnlock.ts";
import { registerGetDocs } from "./docs/getDocs.ts";
import { registerGetHealth } from "./health/getHealth.ts";
import { registerGetCallback } from "./oauth/quickbooks/getCallback.ts";
import { registerDeleteRecord } from "./v1/collection/externalId/deleteRecord.ts";
import { registerGetRecord } from "./v1/collection/externalId/getRecord.ts";
import { registerPutRecord } from "./v1/collection/externalId/putRecord.ts";
import { registerGetList } from "./v1/collection/getList.ts";
import { registerPostBulk } from "./v1/collection/postBulk.ts";
import { registerPostImport } from "./v1/collection/postImport.ts";
import { registerGetHostConnection } from "./v1/connection/getConnection.ts";
import { registerWebhookRoutes } from "./v1/webhooks/webhooks.ts";

export function registerRoutes(app: FastifyInstance, ctx: ApiContext) {
  // One count of sign-in attempts per server, which the unlock route clears.
  const throttle = signInThrottle();
  registerGetHealth(app, ctx);
  registerGetDocs(app);
  registerGetCallback(app, ctx);

  app.register(
    async (v1) => {
      v1.addHook("onRequest", requireApiKey(ctx));
      registerGetHostConnection(v1, ctx);
      registerGetList(v1, ctx);
      registerPostBulk(v1, ctx);
      registerPostImport(v1, ctx);
      registerGetRecord(v1, ctx);
      registerPutRecord(v1, ctx);
      registerDeleteRecord(v1, ctx);
      registerWebhookRoutes(v1, ctx);
    },
    { prefix: "/api/v1" },
  );

  app.register(
    async (open) => {
      registerPostLogin(open, ctx, throttle);
      registerPostLogout(open, ctx);
    },
    { prefix: "/api/admin" },
  );

  app.register(
    async (admin) => {
      admin.addHook("onRequest", requireAdmin(ctx));
      registerGetMe(admin);
      registerGetCompanies(admin, ctx);
      registerPostCompany(admin, ctx);
      registerPatchCompany(admin, ctx);
      registerPostUnlock(admin, ctx, throttle);
      registerGetKeys(admin, ctx);
      registerPostKey(admin, ctx);
      registerPostRevoke(admin, ctx);
      registerGetCollections(admin, ctx);
      registerGetRecords(admin, ctx);
      registerGetAdminRecord(admin, ctx);
      registerPostAdminImport(admin, ctx);
      registerGetJobs(admin, ctx);
      registerPushSettings(admin, ctx);
      registerRecordPush(admin, ctx);
      registerQuickBooksBooks(admin, ctx);
      registerGetConnections(admin, ctx);
      registerPostConnection(admin, ctx);
      registerPostConnectionTest(admin, ctx);
      registerPostForgetHostKey(admin, ctx);
      registerSsccSettings(admin, ctx);
      registerGetConnection(admin, ctx);
      registerPatchConnection(admin, ctx);
      registerGetPartners(admin, ctx);
      registerPostPartner(admin, ctx);
      registerGetPartner(admin, ctx);
      registerPatchPartner(admin, ctx);
      registerGetMessages(admin, ctx);
      registerGetMessage(admin, ctx);
      registerPostAccept(admin, ctx);
      registerPostReject(admin, ctx);
      registerPostPoll(admin, ctx);
      registerGetAdminConnection(admin, ctx);
      registerPutConnection(admin, ctx);
      registerPostConnect(admin, ctx);
      registerPostDisconnect(admin, ctx);
    },
    { prefix: "/api/admin" },
  );
}
