"""Finding the tool and checking its version."""

from __future__ import annotations

import os

import pytest

import implicitl1
from implicitl1 import _tool, errors


def test_the_real_tool_reports_this_packages_version():
    info = implicitl1.find_tool()
    if info.version is None:
        pytest.skip("this build of implicit-l1 has no --version yet (it arrives with the cli branch)")
    assert info.version.split(".")[:2] == implicitl1.TOOL_VERSION.split(".")[:2]


def test_the_package_and_the_tool_are_the_same_release():
    root = os.path.join(os.path.dirname(__file__), "..", "..", "src", "ImplicitL1.Cli", "ImplicitL1.Cli.csproj")
    with open(root) as f:
        assert f"<Version>{implicitl1.TOOL_VERSION}</Version>" in f.read()
    assert implicitl1.__version__ == implicitl1.TOOL_VERSION


def test_another_version_is_refused(fake_tool, monkeypatch, instance):
    monkeypatch.setenv("FAKE_VERSION", "9.4.2")
    with pytest.raises(errors.VersionMismatchError, match="version 9.4.2 but this package"):
        implicitl1.basis_pursuit(instance.A, instance.y)


def test_a_patch_release_is_accepted(fake_tool, monkeypatch):
    major, minor, _ = implicitl1.TOOL_VERSION.split(".")
    monkeypatch.setenv("FAKE_VERSION", f"{major}.{minor}.99+abcdef")
    info = implicitl1.find_tool()
    assert info.version == f"{major}.{minor}.99" and info.source == "IMPLICITL1_CLI"


def test_a_tool_without_version_is_tolerated(fake_tool, monkeypatch):
    monkeypatch.delenv("FAKE_VERSION", raising=False)
    assert implicitl1.find_tool().version is None


def test_a_missing_tool_is_reported(monkeypatch, tmp_path, instance):
    monkeypatch.setattr(_tool, "_checked", {})
    monkeypatch.setattr(_tool, "_explicit", None)
    monkeypatch.setenv("IMPLICITL1_CLI", str(tmp_path / "nowhere" / "implicit-l1"))
    with pytest.raises(errors.ToolNotFoundError, match="does not exist"):
        implicitl1.basis_pursuit(instance.A, instance.y)
    monkeypatch.setenv("IMPLICITL1_CLI", str(tmp_path / "implicit-l1.dll"))
    with pytest.raises(FileNotFoundError):
        implicitl1.find_tool()


def test_discovery_order(monkeypatch, fake_tool):
    monkeypatch.setenv("FAKE_VERSION", implicitl1.TOOL_VERSION)
    assert implicitl1.find_tool().command == [str(fake_tool)]
    built = _tool._repo_dlls()
    if not built:
        pytest.skip("the repository is not built")
    implicitl1.set_cli_path(built[0])
    try:
        info = implicitl1.find_tool()
        assert info.source == "set_cli_path" and info.command[-1] == built[0] and info.command[0].endswith("dotnet")
    finally:
        implicitl1.set_cli_path(None)
    monkeypatch.delenv("IMPLICITL1_CLI")
    monkeypatch.setenv("PATH", "/usr/bin:/bin:" + os.path.dirname(_tool._dotnet()))
    info = implicitl1.find_tool()
    assert info.source in ("PATH", "repository build")
    if info.source == "repository build":
        assert info.command[1] == built[0]
