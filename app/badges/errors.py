"""Input the badge pages refuse: a message per form field, shown next to the field."""


class Invalid(Exception):
    """Refused input; `problems` maps a form field to what the person should change."""

    def __init__(self, problems: dict[str, str]):
        super().__init__("; ".join(f"{field}: {message}" for field, message in problems.items()))
        self.problems = problems
