"""Refused: one refusal for every kind, console and fan API alike, with field-level problems."""


class Problem(str):
    """One reason a change was refused: its words, and the form field it belongs to (if any).

    A str, so a list of problems compares with, joins and flashes like a list of messages.
    """

    field: str | None

    def __new__(cls, message: str, field: str | None = None):
        problem = super().__new__(cls, message)
        problem.field = field
        return problem

    @property
    def message(self) -> str:
        return str(self)


def as_problem(problem: "str | Problem") -> Problem:
    return problem if isinstance(problem, Problem) else Problem(problem)


class Refused(Exception):
    """A change that cannot be made, with every problem found; nothing of it is kept.

    `code` is the stable word a fan script reads ("not_live", "malformed"...), `status` the
    HTTP status the refusal answers with.
    """

    def __init__(self, *problems: "str | Problem", code: str = "invalid", status: int = 400):
        self.problems = [as_problem(problem) for problem in problems]
        self.message = " ".join(problem.message for problem in self.problems)
        super().__init__(self.message)
        self.code = code
        self.status = status

    def messages(self) -> list[str]:
        return [problem.message for problem in self.problems]

    def for_field(self, name: str) -> list[str]:
        return [problem.message for problem in self.problems if problem.field == name]

    def general(self, shown_fields: set[str] | frozenset[str] = frozenset()) -> list[str]:
        """The messages no field of the page shows beside itself."""
        return [problem.message for problem in self.problems if problem.field not in shown_fields]

    def as_json(self) -> dict:
        """{error, code}, plus problems [{field, message}] when the refusal points at fields."""
        answer = {"error": self.message, "code": self.code}
        if any(problem.field for problem in self.problems):
            answer["problems"] = [
                {"field": problem.field, "message": problem.message} for problem in self.problems
            ]
        return answer
