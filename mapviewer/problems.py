"""Problems found in a file, located precisely enough that a person can go and fix them."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file: where (line/column or a field path) and what."""

    file: str
    message: str
    line: int | None = None
    column: int | None = None
    where: str | None = None

    def __str__(self) -> str:
        if self.line is not None:
            return f"{self.file}:{self.line}:{self.column or 1}: {self.message}"
        if self.where:
            return f"{self.file}: {self.where}: {self.message}"
        return f"{self.file}: {self.message}"


@dataclass
class MapFileError(Exception):
    """A file could not be opened as a map; ``problems`` lists every reason found, not just one."""

    file: str
    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(self.summary())

    def summary(self) -> str:
        count = len(self.problems)
        if count == 1:
            return str(self.problems[0])
        return f"{self.file}: {count} problems"

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems) or self.file
