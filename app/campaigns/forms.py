"""FormReader: a console form's fields read into values, every problem kept beside its field."""

from collections.abc import Iterable, Mapping
from datetime import datetime
from zoneinfo import ZoneInfo

from flask_babel import gettext as _

from app.campaigns.refusals import Problem, Refused

TRUE_WORDS = ("on", "1", "true", "yes")


class FormReader:
    """Reads request.form without raising: problems gather until done() refuses them all."""

    def __init__(self, form: Mapping[str, str], zone: ZoneInfo | str):
        self.form = form
        self.zone = zone if isinstance(zone, ZoneInfo) else ZoneInfo(zone)
        self.problems: list[Problem] = []

    def refuse(self, message: str, field: str | None = None) -> None:
        self.problems.append(Problem(message, field))

    def raw(self, name: str) -> str:
        return (self.form.get(name) or "").strip()

    def text(
        self,
        name: str,
        *,
        default: str = "",
        required_message: str | None = None,
        max_length: int | None = None,
        length_message: str | None = None,
    ) -> str:
        value = self.raw(name) if name in self.form else default
        if required_message and not value:
            self.refuse(required_message, name)
        if max_length is not None and len(value) > max_length:
            self.refuse(
                length_message or _("At most %(count)s characters.", count=max_length), name
            )
        return value

    def moment(self, name: str) -> datetime | None:
        """A datetime-local field, read in the zone (the brand's)."""
        value = self.raw(name)
        if not value:
            return None
        try:
            return datetime.fromisoformat(value).replace(tzinfo=self.zone)
        except ValueError:
            self.refuse(_("Write a date and a time."), name)
            return None

    def integer(
        self,
        name: str,
        *,
        default: int | None = None,
        minimum: int | None = None,
        maximum: int | None = None,
        message: str | None = None,
    ) -> int | None:
        value = self.raw(name)
        if not value:
            return default
        try:
            number = int(value)
        except ValueError:
            self.refuse(message or _("Write a whole number."), name)
            return default
        if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
            self.refuse(message or _("Write a whole number in the range shown."), name)
        return number

    def boolean(self, name: str) -> bool:
        return self.raw(name).lower() in TRUE_WORDS

    def choice(
        self,
        name: str,
        choices: Iterable[str],
        *,
        default: str | None = None,
        message: str | None = None,
    ) -> str | None:
        choices = tuple(choices)
        value = self.raw(name)
        if not value and default is not None:
            return default
        if value not in choices:
            self.refuse(message or _("Choose one of the options."), name)
            return default
        return value

    def done(self) -> None:
        if self.problems:
            raise Refused(*self.problems)
