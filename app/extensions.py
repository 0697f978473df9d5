"""Flask extensions, created unbound and initialised by create_app."""

from authlib.integrations.flask_client import OAuth
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from app.models.base import Model

db = SQLAlchemy(model_class=Model)
migrate = Migrate(render_as_batch=True, compare_type=True)
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
oauth = OAuth()
# Storage follows REDIS_URL (see create_app): in-process memory only in the embedded default.
limiter = Limiter(key_func=get_remote_address, default_limits=[])
