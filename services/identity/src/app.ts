import { authenticated, defineService } from '@comptoir/platform';
import { IdentityConfig, parseServiceClients } from './config.ts';
import { apiKeysRepository } from './data/api-keys.repository.ts';
import { identityStore } from './data/identity.store.ts';
import { oauthClientsRepository } from './data/oauth-clients.repository.ts';
import { signingKeysRepository } from './data/signing-keys.repository.ts';
import { AccessTokens } from './domain/access-tokens.ts';
import { Accounts } from './domain/accounts.ts';
import { ApiKeys } from './domain/api-keys.ts';
import { bootstrapAdmin } from './domain/bootstrap.ts';
import { KeyRing } from './domain/key-ring.ts';
import { OAuthClients } from './domain/oauth-clients.ts';
import { Registration } from './domain/registration.ts';
import { ensureServiceClients } from './domain/service-clients.ts';
import { Sessions } from './domain/sessions.ts';
import { SignInThrottle } from './domain/sign-in-throttle.ts';
import { apiKeyRoutes } from './routes/api-keys.routes.ts';
import { clientIpResolver } from './routes/client-ip.ts';
import { keyRoutes } from './routes/keys.routes.ts';
import { oauthRoutes } from './routes/oauth.routes.ts';
import { sessionRoutes } from './routes/sessions.routes.ts';
import { userRoutes } from './routes/users.routes.ts';
import { verificationRoutes } from './routes/verifications.routes.ts';

/** Margin on top of the longest token lifetime before a retired key leaves the JWKS. */
const KEY_RETENTION_MARGIN_SECONDS = 120;

/** Accounts, sessions, API keys, OAuth clients and the keys that sign every access token. */
export const identity = defineService({
  name: 'identity',
  description:
    'Accounts, email verification, sessions, API keys, OAuth2 client credentials and signing keys.',
  defaultPort: 8102,
  config: IdentityConfig,
  migrations: new URL('./data/migrations/', import.meta.url),
  async setup(ctx) {
    const { config } = ctx;
    const serviceClients = parseServiceClients(config.IDENTITY_SERVICE_CLIENTS);
    const store = identityStore(ctx);
    const longestToken = Math.max(
      config.IDENTITY_ACCESS_TOKEN_TTL_SECONDS,
      config.IDENTITY_API_KEY_TOKEN_TTL_SECONDS,
      config.IDENTITY_CLIENT_TOKEN_TTL_SECONDS,
    );
    const keyRing = new KeyRing(signingKeysRepository(ctx.db), {
      retentionSeconds: longestToken + KEY_RETENTION_MARGIN_SECONDS,
      ...(config.IDENTITY_KEY_ENCRYPTION_KEY
        ? { sealingKey: Buffer.from(config.IDENTITY_KEY_ENCRYPTION_KEY, 'base64url') }
        : {}),
    });
    await keyRing.ensureKey();
    // identity verifies the tokens it receives with its own keys, not over HTTP to itself.
    ctx.useTokenKeys((options) => keyRing.jwks(options));

    const tokens = new AccessTokens(keyRing, {
      issuer: config.COMPTOIR_JWT_ISSUER,
      audience: config.COMPTOIR_JWT_AUDIENCE,
    });
    const registration = new Registration(store, {
      publicUrl: config.IDENTITY_PUBLIC_URL,
      verificationTtlSeconds: config.IDENTITY_VERIFICATION_TTL_SECONDS,
      resendIntervalSeconds: config.IDENTITY_RESEND_INTERVAL_SECONDS,
    });
    const throttle = new SignInThrottle(store.failures, {
      windowSeconds: config.IDENTITY_SIGN_IN_WINDOW_SECONDS,
      maxPerAccount: config.IDENTITY_SIGN_IN_MAX_FAILURES_PER_ACCOUNT,
      maxPerIp: config.IDENTITY_SIGN_IN_MAX_FAILURES_PER_IP,
    });
    const sessions = new Sessions(
      store,
      tokens,
      throttle,
      {
        accessTtlSeconds: config.IDENTITY_ACCESS_TOKEN_TTL_SECONDS,
        refreshTtlSeconds: config.IDENTITY_REFRESH_TOKEN_TTL_SECONDS,
      },
      (userId, familyId) => ctx.log.warn({ userId, familyId }, 'refresh token reused: session revoked'),
    );
    const apiKeys = new ApiKeys(
      apiKeysRepository(ctx.db),
      store.users,
      tokens,
      config.IDENTITY_API_KEY_TOKEN_TTL_SECONDS,
    );
    const clientStore = oauthClientsRepository(ctx.db);
    const clients = new OAuthClients(clientStore, tokens, config.IDENTITY_CLIENT_TOKEN_TTL_SECONDS);
    await ensureServiceClients(clientStore, serviceClients, ctx.log);

    await ctx.app.register(
      authenticated(async (group) => {
        userRoutes(group, registration, new Accounts(store));
        verificationRoutes(group, registration);
        sessionRoutes(group, sessions, clientIpResolver(config.IDENTITY_TRUSTED_PROXIES));
        keyRoutes(group, keyRing);
        apiKeyRoutes(group, apiKeys);
        await oauthRoutes(group, clients);
      }),
    );

    await bootstrapAdmin(
      store,
      registration,
      { email: config.IDENTITY_BOOTSTRAP_ADMIN_EMAIL, password: config.IDENTITY_BOOTSTRAP_ADMIN_PASSWORD },
      ctx.log,
    );
  },
});
