"""Finding, checking and running the implicit-l1 tool (the CmdStanPy model: the package is a thin client)."""

from __future__ import annotations

import glob
import json
import os
import re
import shlex
import shutil
import subprocess
import warnings
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Sequence

from . import errors

#: Version of the tool this package was written for (the CLI's <Version> in ImplicitL1.Cli.csproj).
TOOL_VERSION = "0.1.0"

_REPO = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
_explicit: Optional[List[str]] = None
_checked: Dict[tuple, Optional[str]] = {}


@dataclass(frozen=True)
class ToolInfo:
    """Which tool runs: the argument prefix (e.g. ``["dotnet", ".../implicit-l1.dll"]``), how it was found and its version
    (None when the tool has no ``--version`` yet)."""

    command: List[str]
    source: str
    version: Optional[str]


def set_cli_path(path: Optional[str]) -> None:
    """Use this tool from now on (an executable, a ``.dll`` run with dotnet, or a command line); None to search again."""
    global _explicit
    _explicit = None if path is None else _command_for(path)


def _command_for(value: str) -> List[str]:
    if value.endswith(".dll"):
        return [_dotnet(), value]
    if os.path.exists(value):
        return [value]
    return shlex.split(value)


def _dotnet() -> str:
    found = shutil.which("dotnet")
    if found is None:
        raise errors.ToolNotFoundError("dotnet not found on PATH; the implicit-l1 tool needs the .NET 10 runtime")
    return found


def _repo_dlls() -> List[str]:
    pattern = os.path.join(_REPO, "src", "ImplicitL1.Cli", "bin", "*", "net10.0", "linux-x64", "implicit-l1.dll")
    return sorted(glob.glob(pattern), key=os.path.getmtime, reverse=True)


def find_tool() -> ToolInfo:
    """Locates the tool, in this order: ``set_cli_path``, the ``IMPLICITL1_CLI`` environment variable, ``implicit-l1`` on
    PATH, the newest built ``src/ImplicitL1.Cli/bin/*/net10.0/linux-x64/implicit-l1.dll`` of this repository (run with
    dotnet), ``dotnet run --project src/ImplicitL1.Cli`` on the repository (slow: builds first). Checks ``--version``
    once per tool and raises VersionMismatchError when it is another version."""
    if _explicit is not None:
        command, source = _explicit, "set_cli_path"
    elif os.environ.get("IMPLICITL1_CLI"):
        command, source = _command_for(os.environ["IMPLICITL1_CLI"]), "IMPLICITL1_CLI"
    elif shutil.which("implicit-l1"):
        command, source = [shutil.which("implicit-l1")], "PATH"
    elif _repo_dlls():
        command, source = [_dotnet(), _repo_dlls()[0]], "repository build"
    elif os.path.isfile(os.path.join(_REPO, "src", "ImplicitL1.Cli", "ImplicitL1.Cli.csproj")):
        command = [_dotnet(), "run", "--project", os.path.join(_REPO, "src", "ImplicitL1.Cli"), "--"]
        source = "dotnet run on the repository"
    else:
        raise errors.ToolNotFoundError(
            "implicit-l1 not found: set IMPLICITL1_CLI (an executable or implicit-l1.dll), put implicit-l1 on PATH "
            "(dotnet tool install), or build the repository (dotnet build ImplicitL1.slnx)")
    if not (os.path.isfile(command[0]) or shutil.which(command[0])):
        raise errors.ToolNotFoundError(f"implicit-l1 not found: {command[0]} (from {source}) does not exist")
    if len(command) > 1 and command[1].endswith(".dll") and not os.path.isfile(command[1]):
        raise errors.ToolNotFoundError(f"implicit-l1 not found: {command[1]} (from {source}) does not exist")
    key = tuple(command)
    if key not in _checked:
        _checked[key] = _check_version(command)
    return ToolInfo(list(command), source, _checked[key])


def _check_version(command: List[str]) -> Optional[str]:
    """The tool's version from ``--version``; None when the tool does not know the option (before --version existed)."""
    try:
        done = subprocess.run(command + ["--version"], capture_output=True, text=True, env=_environment())
    except OSError as e:
        raise errors.ToolNotFoundError(f"implicit-l1 could not be started ({' '.join(command)}): {e}") from e
    text = (done.stdout + "\n" + done.stderr).strip()
    if done.returncode != 0:
        if "version" in done.stderr.lower() and done.returncode == 2:
            return None  # a tool without --version: tolerated (the option arrives with the cli branch)
        raise errors.ToolNotFoundError(f"implicit-l1 --version failed (exit {done.returncode}): {text}")
    found = re.search(r"(\d+)\.(\d+)\.(\d+)", done.stdout)
    if found is None:
        raise errors.VersionMismatchError(
            f"implicit-l1 --version printed {done.stdout.strip()!r}, not a version; this package needs {TOOL_VERSION}")
    version = found.group(0)
    if version.split(".")[:2] != TOOL_VERSION.split(".")[:2]:
        raise errors.VersionMismatchError(
            f"implicit-l1 is version {version} but this package (implicitl1 {TOOL_VERSION}) needs {TOOL_VERSION}: "
            f"install the matching tool or package ({' '.join(command)})")
    return version


def _environment() -> Dict[str, str]:
    env = dict(os.environ)
    env.setdefault("DOTNET_CLI_TELEMETRY_OPTOUT", "1")
    env.setdefault("DOTNET_NOLOGO", "1")
    return env


def parse_int(text: str):
    """JSON integers as int, except "-0", which the tool writes for the double −0.0 (kept as −0.0)."""
    return -0.0 if text == "-0" else int(text)


def _outcome(stdout: str) -> Any:
    """The JSON result printed before a numerical-outcome exit code, or None when there is none."""
    try:
        return json.loads(stdout, parse_int=parse_int) if stdout.strip() else None
    except ValueError:
        return None


def run(args: Sequence[str], cwd: str, *, json_output: bool = True) -> Any:
    """Runs the tool with ``args`` in ``cwd``; returns the parsed JSON of stdout (or stdout as text).

    ``warning: …`` lines of stderr become ImplicitL1Warning; a non-zero exit raises the exception of its exit-code
    class, carrying the tool's message."""
    tool = find_tool()
    command = tool.command + list(args)
    try:
        done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=_environment())
    except OSError as e:
        raise errors.ToolNotFoundError(f"implicit-l1 could not be started ({' '.join(tool.command)}): {e}") from e
    for line in done.stderr.splitlines():
        if line.startswith("warning: "):
            warnings.warn(line[len("warning: "):], errors.ImplicitL1Warning, stacklevel=3)
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if line.startswith("error: ")]
        message = lines[-1][len("error: "):] if lines else (done.stderr.strip() or f"exit code {done.returncode}")
        result = _outcome(done.stdout) if json_output and done.returncode in errors.OUTCOME_EXIT_CODES and not lines else None
        if result is None:
            raise errors.for_exit_code(done.returncode, message, stderr=done.stderr, command=command)
        # A numerical outcome, not a failure of the call: the result carries its status.
        warnings.warn(f"implicit-l1 exited {done.returncode}: a result is not a success (see its status)",
                      errors.ImplicitL1Warning, stacklevel=3)
        return result
    if not json_output:
        return done.stdout
    try:
        return json.loads(done.stdout, parse_int=parse_int)
    except ValueError as e:
        raise errors.InternalError(f"implicit-l1 printed no valid JSON ({e}): {done.stdout[:200]!r}",
                                   exit_code=0, stderr=done.stderr, command=command) from e
