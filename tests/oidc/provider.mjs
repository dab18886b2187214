// A real OpenID provider for the sign-in tests: oidc-provider (an OpenID
// Certified implementation, pinned in package.json), on loopback, with
// skillpath registered as a confidential client and the accounts the test
// gives. It prints "oidc-provider listening on <issuer>" once it serves.
//
//   node tests/oidc/provider.mjs --port 0 --client-id skillpath --client-secret S \
//     --redirect-uri http://127.0.0.1:8080/auth/callback --accounts accounts.json --kid key-1
//
// accounts.json: [{"sub": "E1", "email": "kari@kommune.no", "name": "Kari", "groups": ["g-hr"]}, ...]
// Each start makes fresh signing keys (RS256 and ES256) named by --kid, so a
// restart on the same --port with another --kid is a key rotation. Sign-in
// is oidc-provider's own login form (devInteractions): the login is the
// account's sub, any password. Access tokens for the resource
// urn:skillpath:api are JWTs whose audience is --audience (default the
// client id) and carry the account's email and groups; the client may use
// client_credentials, authorization_code, refresh_token and the device
// grant. --cli-client-id (default skillpath-cli) is a second, public client
// for `skillpath login`: the device grant, or a loopback redirect on any
// port (a native client, RFC 8252), with refresh tokens. With
// --pkjwt-public-key PEM, --pkjwt-client-id (default skillpath-pkjwt) is a
// third client, which authenticates with private_key_jwt.
import { createPublicKey, generateKeyPairSync } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { parseArgs } from "node:util";

import Provider from "oidc-provider";

const { values: opt } = parseArgs({
  options: {
    port: { type: "string", default: "0" },
    "client-id": { type: "string", default: "skillpath" },
    "client-secret": { type: "string", default: "skillpath-test-secret" },
    "cli-client-id": { type: "string", default: "skillpath-cli" },
    "pkjwt-client-id": { type: "string", default: "skillpath-pkjwt" },
    "pkjwt-public-key": { type: "string" },
    "redirect-uri": { type: "string", multiple: true, default: [] },
    "post-logout-redirect-uri": { type: "string", multiple: true, default: [] },
    audience: { type: "string" },
    accounts: { type: "string" },
    kid: { type: "string", default: "key-1" },
    "id-token-alg": { type: "string", default: "RS256" },
  },
});

const accounts = new Map();
if (opt.accounts) {
  for (const a of JSON.parse(readFileSync(opt.accounts, "utf8"))) accounts.set(String(a.sub), a);
}

function privateJwk(type, alg) {
  const options = type === "rsa" ? { modulusLength: 2048 } : { namedCurve: "P-256" };
  const { privateKey } = generateKeyPairSync(type === "rsa" ? "rsa" : "ec", options);
  return { ...privateKey.export({ format: "jwk" }), kid: `${opt.kid}-${alg.toLowerCase()}`, alg, use: "sig" };
}

const audience = opt.audience ?? opt["client-id"];
const apiResource = "urn:skillpath:api";
const server = createServer();
server.listen(Number(opt.port), "127.0.0.1", () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: opt["client-id"],
        client_secret: opt["client-secret"],
        // A client must have one; tests that only take tokens need none of their own.
        redirect_uris: opt["redirect-uri"].length ? opt["redirect-uri"] : ["http://127.0.0.1/auth/callback"],
        post_logout_redirect_uris: opt["post-logout-redirect-uri"],
        grant_types: [
          "authorization_code",
          "refresh_token",
          "client_credentials",
          "urn:ietf:params:oauth:grant-type:device_code",
        ],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
        id_token_signed_response_alg: opt["id-token-alg"],
      },
      ...(opt["pkjwt-public-key"]
        ? [
            {
              // Authenticates with private_key_jwt: a JWT signed by the key whose public half is here.
              client_id: opt["pkjwt-client-id"],
              token_endpoint_auth_method: "private_key_jwt",
              jwks: {
                keys: [{ ...createPublicKey(readFileSync(opt["pkjwt-public-key"], "utf8")).export({ format: "jwk" }), use: "sig" }],
              },
              redirect_uris: opt["redirect-uri"].length ? opt["redirect-uri"] : ["http://127.0.0.1/auth/callback"],
              grant_types: ["authorization_code"],
              response_types: ["code"],
            },
          ]
        : []),
      {
        client_id: opt["cli-client-id"],
        application_type: "native",
        token_endpoint_auth_method: "none",
        redirect_uris: ["http://127.0.0.1/callback"],
        grant_types: ["authorization_code", "refresh_token", "urn:ietf:params:oauth:grant-type:device_code"],
        response_types: ["code"],
      },
    ],
    jwks: { keys: [privateJwk("rsa", "RS256"), privateJwk("ec", "ES256")] },
    async findAccount(ctx, id) {
      const a = accounts.get(String(id));
      if (!a) return undefined;
      return {
        accountId: String(a.sub),
        async claims() {
          return { sub: String(a.sub), email: a.email, email_verified: true, name: a.name, groups: a.groups ?? [] };
        },
      };
    },
    // Access tokens name the person as the ID token does (Entra ID's carry
    // e.g. preferred_username and groups).
    async extraTokenClaims(ctx, token) {
      const a = token.accountId ? accounts.get(String(token.accountId)) : undefined;
      return a ? { email: a.email, groups: a.groups ?? [] } : undefined;
    },
    // groups with openid, as Entra ID puts them in every token once configured.
    claims: { openid: ["sub", "groups"], email: ["email", "email_verified"], profile: ["name"], groups: ["groups"] },
    scopes: ["openid", "offline_access", "email", "profile", "groups", "api"],
    conformIdTokenClaims: false, // the ID token carries the claims its scopes ask for
    pkce: { methods: ["S256"], required: () => true },
    cookies: { keys: ["skillpath-oidc-test-cookie-key"] },
    features: {
      devInteractions: { enabled: true },
      deviceFlow: { enabled: true },
      clientCredentials: { enabled: true },
      revocation: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        // oidc-provider's own page pulls a web font; tests run offline.
        async logoutSource(ctx, form) {
          ctx.body = `<!doctype html><meta charset="utf-8"><title>Sign out</title><h1>Sign out?</h1>${form}
            <button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>
            <button type="submit" form="op.logoutForm">No, stay signed in</button>`;
        },
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => apiResource,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({
          scope: "api",
          audience,
          accessTokenFormat: "jwt",
          jwt: { sign: { alg: "RS256" } },
        }),
      },
    },
    ttl: { AccessToken: 600, ClientCredentials: 600, IdToken: 600, DeviceCode: 600, Interaction: 600, Session: 3600, Grant: 3600 },
  });
  provider.on("server_error", (ctx, err) => console.error("server_error", err));
  server.on("request", provider.callback());
  console.log(`oidc-provider listening on ${issuer}`);
});
for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => server.close(() => process.exit(0)));
