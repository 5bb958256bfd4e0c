// A real OpenID provider for Snapdeck's single sign-on tests: oidc-provider on a loopback port,
// one confidential client (code flow, PKCE required) and static accounts with a `groups` claim.
// The sign-in and consent pages are answered at once for the account named by
// GET /test/next-login/<id>, so a test can walk the redirects without a browser.
//
//   node server.mjs PORT REDIRECT_URI
// prints "oidc-provider listening on http://127.0.0.1:PORT" when ready.

import Provider from 'oidc-provider';

const [port, redirectUri] = process.argv.slice(2);
if (!port || !redirectUri) {
  console.error('usage: node server.mjs PORT REDIRECT_URI');
  process.exit(2);
}
const issuer = `http://127.0.0.1:${port}`;

const ACCOUNTS = {
  olga: { groups: ['staff', 'snapdeck-operators'] },
  nils: { groups: ['staff'] },
};
let nextLogin = 'olga';

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: 'snapdeck',
      client_secret: 'snapdeck-test-client-secret',
      redirect_uris: [redirectUri],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  pkce: { required: () => true },
  claims: {
    openid: ['sub'],
    profile: ['preferred_username'],
    groups: ['groups'],
  },
  // The claims of the scopes asked for go into the ID token (Snapdeck reads it, not userinfo).
  conformIdTokenClaims: false,
  cookies: { keys: ['snapdeck-test-cookie-key'] },
  features: { devInteractions: { enabled: false } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, id) {
    if (!ACCOUNTS[id]) return undefined;
    return {
      accountId: id,
      async claims() {
        return { sub: id, preferred_username: id, groups: ACCOUNTS[id].groups };
      },
    };
  },
});

provider.use(async (ctx, next) => {
  const login = ctx.path.match(/^\/test\/next-login\/([a-z]+)$/);
  if (login) {
    nextLogin = login[1];
    ctx.body = { next: nextLogin };
    return;
  }
  if (!ctx.path.startsWith('/interaction/')) {
    await next();
    return;
  }
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  let result;
  if (details.prompt.name === 'login') {
    result = { login: { accountId: nextLogin } };
  } else {
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
    grant.addOIDCScope(details.params.scope);
    const missing = details.prompt.details.missingOIDCClaims;
    if (missing) grant.addOIDCClaims(missing);
    result = { consent: { grantId: await grant.save() } };
  }
  const location = await provider.interactionResult(ctx.req, ctx.res, result, {
    mergeWithLastSubmission: false,
  });
  ctx.status = 303;
  ctx.redirect(location);
});

provider.listen(Number(port), '127.0.0.1', () => {
  console.log(`oidc-provider listening on ${issuer}`);
});
