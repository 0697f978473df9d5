"""Fraud: signals per fan, combined into a risk; flagged fans are held out until cleared.

Detectors (detect.py) note signals (signals.py); the risk is 1 - prod(1 - weight) over the
signals no moderator has cleared (risk.py), and a fan whose risk reaches FRAUD_FLAG_AT is
flagged automatically. Moderators flag and clear on the console's Fraud page (views.py,
decisions.py); every decision is logged with who and why.
"""

import copy

from flask_babel import lazy_gettext

from app.console.access import add_nav_page
from app.engagement.merge import register_merge_step
from app.engagement.signals import event_recorded
from app.fraud import detect, signals, views
from app.identity.fan_session import fan_joined
from app.identity.fan_signin import fan_signed_in

# One signal alone never flags a fan (no weight reaches 0.6); any two do, except two
# shared-IP-like weak ones, since offices and mobile carriers put many people on one IP.
DEFAULTS = {
    "FRAUD_FLAG_AT": 0.6,
    "FRAUD_WEIGHTS": {
        "disposable_email": 0.5,
        "shared_ip": 0.3,
        "shared_device": 0.5,
        "vote_burst": 0.5,
        "flagged_entry": 0.3,
    },
    # N new fans of one brand from one IP (or device) within the window: a signal on each.
    "FRAUD_SAME_IP_FANS": 5,
    "FRAUD_SAME_IP_MINUTES": 60,
    "FRAUD_SAME_DEVICE_FANS": 3,
    "FRAUD_SAME_DEVICE_MINUTES": 24 * 60,
    # N votes for one entry within the window from fans younger than FRAUD_NEW_FAN_HOURS.
    "FRAUD_BURST_VOTES": 5,
    "FRAUD_BURST_MINUTES": 10,
    "FRAUD_NEW_FAN_HOURS": 24,
    # Addresses that are not one client: a proxy in front of the app, a local network.
    # Counting them would lump every fan together.
    "FRAUD_IGNORED_NETWORKS": (
        "127.0.0.0/8",
        "10.0.0.0/8",
        "172.16.0.0/12",
        "192.168.0.0/16",
        "169.254.0.0/16",
        "::1/128",
        "fc00::/7",
        "fe80::/10",
    ),
}


def init_app(app) -> None:
    """Settings, the console page, the listeners on recorded events and new or signed-in
    fans, the merge step."""
    for key, value in DEFAULTS.items():
        app.config.setdefault(key, copy.deepcopy(value))  # apps never share a mutable default
    app.register_blueprint(views.bp)
    add_nav_page(app, "console_fraud.index", lazy_gettext("Fraud"), "moderate")
    # Only this app's events: tests and benches build several apps in one process.
    event_recorded.connect(detect.on_event_recorded, sender=app, weak=False)
    fan_joined.connect(detect.on_fan_joined, sender=app, weak=False)
    fan_signed_in.connect(detect.on_fan_signed_in, sender=app, weak=False)
    register_merge_step(app, signals.merge_signals)
