"""Real servers and one headless Chromium for the embed flows.

The app runs on http://127.0.0.1:<port> (SQLite), brand sites are tiny static pages on
http://localhost:<port> (another site), and a local OpenID Connect provider runs on
127.0.0.1 too. One browser for all these tests; a fresh context (cookie jar) per test.
"""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from werkzeug.serving import make_server

from app.extensions import db
from app.models import ConsentText
from tests.conftest import build_app
from tests.factories import make_brand, make_campaign
from tests.identity.oidc_provider import Provider


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 390, "height": 800})  # a phone
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture(scope="session")
def oidc():
    provider = Provider().serve()
    yield provider
    provider.stop()


class Server:
    """A WSGI app or static pages on a free port, in a daemon thread."""

    def __init__(self, wsgi=None, pages=None):
        if wsgi is not None:
            self.httpd = make_server("127.0.0.1", 0, wsgi, threaded=True)
        else:
            self.httpd = _static_server(pages)
        self.port = self.httpd.server_port
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def _static_server(pages: dict):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            body = pages.get(self.path.split("?")[0])
            if body is None:
                self.send_error(404)
                return
            data = body.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    return ThreadingHTTPServer(("127.0.0.1", 0), Handler)


class Site:
    """A brand's site: pages on http://localhost:<port>, set once the port is known."""

    def __init__(self):
        self.pages: dict[str, str] = {}
        self.server = Server(pages=self.pages)
        self.url = f"http://localhost:{self.server.port}"


@pytest.fixture
def sites():
    started = []

    def new_site() -> Site:
        site = Site()
        started.append(site)
        return site

    yield new_site
    for site in started:
        site.server.stop()


@pytest.fixture
def live(sqlite_url, oidc):
    """The app on a real server, with the local provider; `live.seed(allowed)` adds a brand."""
    app = build_app(sqlite_url, FAN_OAUTH_PROVIDERS=oidc.settings())
    server = Server(wsgi=app)
    live = LiveApp(app, f"http://127.0.0.1:{server.port}")
    yield live
    server.stop()
    with app.app_context():
        db.engine.dispose()


class LiveApp:
    def __init__(self, app, url):
        self.app = app
        self.url = url

    def seed(self, *allowed_origins: str) -> None:
        with self.app.app_context():
            brand = make_brand(
                "acme",
                name="Acme Coffee",
                frame_origins=list(allowed_origins),
                theme={"primary": "#7a3e1d", "accent": "#f2b134"},
                embed_secret="x" * 64,
            )
            db.session.add(ConsentText(brand_id=brand.id, version="v1", body="Acme news?"))
            make_campaign(brand, "spring", title="Spring Game")
            db.session.commit()

    def snippet(self, **attributes) -> str:
        attrs = " ".join(f'data-{k.replace("_", "-")}="{v}"' for k, v in attributes.items())
        return f'<script src="{self.url}/static/embed.js" data-brand="acme" {attrs}></script>'


def host_page(snippet: str) -> str:
    """A brand's page: the snippet, and a log of what the embed told the page."""
    return f"""<!doctype html>
<html><head><meta charset="utf-8"><title>Acme's own site</title></head>
<body>
<h1>Acme's own site</h1>
<script>
  window.sfEvents = []; window.sfReady = false;
  document.addEventListener("superfan:event", function (e) {{ window.sfEvents.push(e.detail); }});
  document.addEventListener("superfan:ready", function () {{ window.sfReady = true; }});
</script>
{snippet}
<p>Footer of the brand's page.</p>
</body></html>"""
