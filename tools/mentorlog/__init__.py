"""mentorlog: mentoring session records as YAML in git.

The library behind the `mentorlog` command. A program repository is opened once, then run
through one of the two pipelines; every problem found is data (`Problem`), and only a broken
set-up (schemas, settings, git) raises `MentorlogError`::

    import mentorlog

    program = mentorlog.open_program("path/to/program")
    result = mentorlog.validate_program(program)  # or check_program(program, base_ref="main")
    print(mentorlog.as_text(result.problems, result.checked), end="")

docs/architecture.md maps the modules.
"""

__version__ = "0.1.0"  # the one version number (pyproject.toml reads it)

# after __version__: modules below import it while this package is still initialising
from .output import as_github, as_json, as_text
from .pipeline import Result, check_program, validate_program
from .problems import CODES, MentorlogError, Problem
from .program import Loaded, Program, load_program, open_program

__all__ = [
    "CODES", "Loaded", "MentorlogError", "Problem", "Program", "Result", "__version__",
    "as_github", "as_json", "as_text", "check_program", "load_program", "open_program",
    "validate_program",
]
