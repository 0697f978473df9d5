"""A local OpenID Connect provider for the tests, built on Authlib's provider side.

Authorization code flow with PKCE (S256 required), RS256 id_tokens, a discovery document
and a JWKS. The login page is one form: type a user name, press Allow (or Deny). State is
kept in memory; the provider sets no cookie (it shares a host with the app under test).
"""

import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import ClassVar

from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.oauth2.rfc6749 import grants
from authlib.oauth2.rfc6749.errors import OAuth2Error
from authlib.oauth2.rfc6749.models import AuthorizationCodeMixin, ClientMixin
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import UserInfo
from authlib.oidc.core.grants import OpenIDCode
from flask import Flask, jsonify, render_template_string, request
from joserfc.jwk import RSAKey
from werkzeug.serving import make_server

CLIENT_ID = "superfan-tests"
CLIENT_SECRET = "superfan-tests-secret"
KEY_ID = "test-key-1"

LOGIN_PAGE = """<!doctype html><title>Local ID</title>
<h1>Local ID: sign in to {{ client_id }}</h1>
<form method="post" action="/authorize">
  {% for name, value in params.items() %}
  <input type="hidden" name="{{ name }}" value="{{ value }}">
  {% endfor %}
  <label>User <input name="username" value="alice"></label>
  <button name="decision" value="allow">Allow</button>
  <button name="decision" value="deny">Deny</button>
</form>"""


@dataclass
class User:
    id: str
    name: str

    def get_user_id(self):
        return self.id


@dataclass
class Client(ClientMixin):
    client_id: str = CLIENT_ID
    client_secret: str = CLIENT_SECRET

    def get_client_id(self):
        return self.client_id

    def get_default_redirect_uri(self):
        return None

    def get_allowed_scope(self, scope):
        allowed = {"openid", "email", "profile"}
        return " ".join(s for s in (scope or "").split() if s in allowed)

    def check_redirect_uri(self, redirect_uri):
        return redirect_uri.endswith("/fan/auth/local/callback")

    def check_client_secret(self, client_secret):
        return secrets.compare_digest(client_secret, self.client_secret)

    def check_endpoint_auth_method(self, method, endpoint):
        return method in ("client_secret_basic", "client_secret_post")

    def check_response_type(self, response_type):
        return response_type == "code"

    def check_grant_type(self, grant_type):
        return grant_type == "authorization_code"


@dataclass
class AuthorizationCode(AuthorizationCodeMixin):
    code: str
    client_id: str
    redirect_uri: str
    scope: str
    user: User
    nonce: str | None
    code_challenge: str | None
    code_challenge_method: str | None
    auth_time: int = field(default_factory=lambda: int(time.time()))

    def get_redirect_uri(self):
        return self.redirect_uri

    def get_scope(self):
        return self.scope

    def get_nonce(self):
        return self.nonce

    def get_auth_time(self):
        return self.auth_time

    def get_acr(self):
        return None

    def get_amr(self):
        return None


class Provider:
    """The provider's state and its Flask app; `serve()` runs it on 127.0.0.1 in a thread."""

    def __init__(self):
        self.key = RSAKey.generate_key(2048, parameters={"kid": KEY_ID})
        self.codes: dict[str, AuthorizationCode] = {}
        self.issuer = ""
        self.users = {}
        self.app = self._build_app()
        self.server = None

    @property
    def metadata_url(self) -> str:
        return self.issuer + "/.well-known/openid-configuration"

    def settings(self) -> dict:
        """FAN_OAUTH_PROVIDERS entry for the app under test."""
        return {
            "local": {
                "label": "Local ID",
                "kind": "oidc",
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "server_metadata_url": self.metadata_url,
            }
        }

    def serve(self) -> "Provider":
        self.server = make_server("127.0.0.1", 0, self.app, threaded=True)
        self.issuer = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()

    def _build_app(self) -> Flask:
        provider = self
        app = Flask("local_oidc_provider")
        app.config["SECRET_KEY"] = "unused"

        class CodeGrant(grants.AuthorizationCodeGrant):
            TOKEN_ENDPOINT_AUTH_METHODS: ClassVar = ["client_secret_basic", "client_secret_post"]

            def save_authorization_code(self, code, req):
                provider.codes[code] = AuthorizationCode(
                    code=code,
                    client_id=req.client.client_id,
                    redirect_uri=req.payload.redirect_uri,
                    scope=req.scope,
                    user=req.user,
                    nonce=req.payload.data.get("nonce"),
                    code_challenge=req.payload.data.get("code_challenge"),
                    code_challenge_method=req.payload.data.get("code_challenge_method"),
                )

            def query_authorization_code(self, code, client):
                item = provider.codes.get(code)
                return item if item is not None and item.client_id == client.client_id else None

            def delete_authorization_code(self, authorization_code):
                provider.codes.pop(authorization_code.code, None)

            def authenticate_user(self, authorization_code):
                return authorization_code.user

        class IDToken(OpenIDCode):
            def exists_nonce(self, nonce, req):
                return any(c.nonce == nonce for c in provider.codes.values())

            def resolve_client_private_key(self, client):
                return provider.key

            def get_client_algorithm(self, client):
                return "RS256"

            def get_client_claims(self, client):
                return {
                    "iss": provider.issuer,
                    "aud": [client.get_client_id()],
                    "exp": int(time.time()) + 300,
                }

            def get_encode_header(self, client):
                return {"alg": "RS256", "kid": KEY_ID}

            def generate_user_info(self, user, scope):
                return UserInfo(
                    sub=user.id,
                    name=user.name,
                    email=f"{user.id}@local-id.test",
                    email_verified=True,
                )

        server = AuthorizationServer(
            query_client=lambda client_id: Client() if client_id == CLIENT_ID else None,
            save_token=lambda token, req: None,
        )
        server.init_app(app)
        server.register_grant(
            CodeGrant, [IDToken(require_nonce=True), CodeChallenge(required=True)]
        )

        @app.get("/.well-known/openid-configuration")
        def discovery():
            return jsonify(
                issuer=provider.issuer,
                authorization_endpoint=provider.issuer + "/authorize",
                token_endpoint=provider.issuer + "/token",
                jwks_uri=provider.issuer + "/jwks",
                response_types_supported=["code"],
                subject_types_supported=["public"],
                id_token_signing_alg_values_supported=["RS256"],
                code_challenge_methods_supported=["S256"],
                token_endpoint_auth_methods_supported=["client_secret_basic"],
                scopes_supported=["openid", "email", "profile"],
            )

        @app.get("/jwks")
        def jwks():
            return jsonify(keys=[provider.key.as_dict(private=False)])

        @app.route("/authorize", methods=["GET", "POST"])
        def authorize():
            if request.method == "GET":
                try:
                    server.get_consent_grant(end_user=None)
                except OAuth2Error as error:
                    return jsonify(error=error.error, description=error.description), 400
                return render_template_string(
                    LOGIN_PAGE, client_id=CLIENT_ID, params=request.args.to_dict()
                )
            user = None
            if request.form.get("decision") == "allow":
                name = request.form.get("username") or "alice"
                user = provider.users.setdefault(name, User(id=f"local-{name}", name=name.title()))
            try:
                grant = server.get_consent_grant(end_user=user)
            except OAuth2Error as error:
                return jsonify(error=error.error, description=error.description), 400
            return server.create_authorization_response(grant_user=user, grant=grant)

        @app.post("/token")
        def token():
            return server.create_token_response()

        return app
