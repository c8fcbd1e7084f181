"""Single sign-on with OpenID Connect: authorization code flow with PKCE (S256), state and
nonce, ID token validation (signature from the provider's JWKS, issuer, audience, expiry),
claims mapped to tenant, org units and roles, users created and updated just in time, and
logout at the provider. Off while OPENVORGANG_OIDC_ISSUER is empty."""
