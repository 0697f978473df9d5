"""What a user agent says of a device: its class (desktop, mobile, tablet, other) and browser."""

from functools import lru_cache

from ua_parser import parse

# Operating systems of computers; a phone's or tablet's is told by the device below.
DESKTOP_SYSTEMS = {"Windows", "Mac OS X", "Linux", "Ubuntu", "Chrome OS", "Fedora", "FreeBSD"}
TABLETS = ("iPad", "Tablet", "Kindle", "Nexus 7", "Nexus 9", "Nexus 10", "SM-T", "Galaxy Tab")


@lru_cache(maxsize=4096)
def describe(user_agent: str) -> tuple[str, str]:
    """(device class, browser family) for a user agent string; cached: parsing is slow and
    a site sees the same few hundred strings over and over."""
    if not user_agent:
        return "other", ""
    parsed = parse(user_agent[:512])
    browser = parsed.user_agent.family if parsed.user_agent else ""
    system = parsed.os.family if parsed.os else ""
    device = parsed.device.family if parsed.device else ""
    if device == "Spider":
        return "other", (browser or "")[:40]
    return _device_class(user_agent, system, device), (browser or "")[:40]


def _device_class(user_agent: str, system: str, device: str) -> str:
    if any(name in device for name in TABLETS) or "Tablet" in user_agent:
        return "tablet"
    if system == "Android":
        # Android tablets leave "Mobile" out of their user agent (Google's advice to browsers).
        return "mobile" if "Mobile" in user_agent else "tablet"
    if system in ("iOS", "Windows Phone", "BlackBerry OS", "KaiOS") or "Mobile" in user_agent:
        return "mobile"
    if system in DESKTOP_SYSTEMS:
        return "desktop"
    return "other"
