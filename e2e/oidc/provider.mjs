// A real OpenID Connect provider (panva/oidc-provider, a certified implementation) for the
// single sign-on tests. Started by the tests with a JSON configuration on stdin:
//   {"port": 0, "clients": [...], "accounts": {"<sub>": {claims...}}}
// It prints "listening <issuer>" once it accepts connections. The login page accepts any
// known account without a password and lets the test choose the acr and amr the provider
// reports (what a real provider would derive from the factors used).
import http from 'node:http';
import { generateKeyPairSync } from 'node:crypto';
import { Provider } from 'oidc-provider';

const input = await new Promise((resolve) => {
  let data = '';
  process.stdin.on('data', (chunk) => { data += chunk; });
  process.stdin.on('end', () => resolve(JSON.parse(data)));
});

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: 'test-key-1', use: 'sig', alg: 'RS256' };

const server = http.createServer();
await new Promise((resolve) => server.listen(input.port || 0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: input.clients,
  jwks: { keys: [signingKey] },
  pkce: { required: () => true },
  conformIdTokenClaims: false,
  claims: {
    amr: null,
    openid: ['sub'],
    profile: ['name', 'given_name', 'family_name', 'preferred_username'],
    email: ['email', 'email_verified'],
    // like a Keycloak client with acr and amr mappers: the ID token reports the factors used
    openvorgang: ['tenant', 'roles', 'org_units', 'acr', 'amr'],
  },
  scopes: ['openid', 'profile', 'email', 'openvorgang'],
  acrValues: ['urn:openvorgang:pwd', 'urn:openvorgang:mfa'],
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: {
      enabled: true,
      logoutSource: async (ctx, form) => {
        ctx.body = `<!doctype html><html><body>${form}<button form="op.logoutForm" name="logout" value="yes">Abmelden</button></body></html>`;
      },
    },
  },
  async findAccount(ctx, id) {
    const claims = input.accounts[id];
    if (!claims) return undefined;
    return { accountId: id, async claims() { return { sub: id, ...claims }; } };
  },
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid profile email openvorgang');
    await grant.save();
    return grant;
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  ttl: { Session: 3600, Interaction: 600, Grant: 3600, AccessToken: 600, AuthorizationCode: 60, IdToken: 600 },
});
provider.proxy = false;

async function readForm(req) {
  let body = '';
  for await (const chunk of req) body += chunk;
  return Object.fromEntries(new URLSearchParams(body));
}

const providerCallback = provider.callback();
server.on('request', async (req, res) => {
  const match = req.url.match(/^\/interaction\/([^/?]+)(\/login)?/);
  if (!match) return providerCallback(req, res);
  try {
    const details = await provider.interactionDetails(req, res);
    if (!match[2]) {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(`<!doctype html><html><body><form method="post" action="/interaction/${details.uid}/login">
<input name="login"><input name="acr"><input name="amr"><button>Anmelden</button></form></body></html>`);
      return;
    }
    const form = await readForm(req);
    if (!input.accounts[form.login]) {
      res.statusCode = 400;
      res.end('unknown account');
      return;
    }
    const login = { accountId: form.login };
    if (form.acr) login.acr = form.acr;
    if (form.amr) login.amr = form.amr.split(',');
    await provider.interactionFinished(req, res, { login }, { mergeWithLastSubmission: false });
  } catch (err) {
    res.statusCode = 500;
    res.end(String(err));
  }
});

process.stdout.write(`listening ${issuer}\n`);
