"""The list sources Update lists knows: the official addresses, each switched on or off in settings (only the CSL
on by default), `lists update --enable-source/--disable-source` and `lists sources`. Never the internet: every
known source is pointed at a server in this process, and the tests check which files it was asked for."""

from __future__ import annotations

import json
import sys
import urllib.parse
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from listsamples import write_csl_csv  # noqa: E402
from listserver import serving  # noqa: E402

from guiapp.app.listupdate import set_source_enabled, source_states, sources_from_settings  # noqa: E402
from guiapp.cli.main import main  # noqa: E402
from guiapp.lists.importers import FORMATS  # noqa: E402
from guiapp.lists.sources import DEFAULT_SOURCES, select_sources  # noqa: E402
from guiapp.lists.store import ListStore  # noqa: E402
from guiapp.settings import Settings, load_settings, save_settings  # noqa: E402

UN_XML = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<CONSOLIDATED_LIST dateGenerated="2026-02-27T00:00:09.554Z">
  <INDIVIDUALS/>
  <ENTITIES>
    <ENTITY>
      <DATAID>110397</DATAID>
      <VERSIONNUM>1</VERSIONNUM>
      <FIRST_NAME>KORVALIS MINING TRADING CORPORATION</FIRST_NAME>
      <UN_LIST_TYPE>DPRK</UN_LIST_TYPE>
      <REFERENCE_NUMBER>KPe.901</REFERENCE_NUMBER>
      <LISTED_ON>2009-04-24</LISTED_ON>
    </ENTITY>
  </ENTITIES>
</CONSOLIDATED_LIST>
"""


@pytest.fixture
def served(tmp_path):
    """Every known source pointed (in settings) at a local server holding a file of its format."""
    folder = tmp_path / "www"
    folder.mkdir()
    write_csl_csv(folder / "consolidated.csv")
    (folder / "un.xml").write_text(UN_XML, encoding="utf-8")
    with serving(folder) as server:
        names = {"csl": "consolidated.csv", "un": "un.xml", "ofac-sdn": "sdn.xml", "ofac-cons": "cons.xml"}
        save_settings(Settings(update_sources={k: server.url(v) for k, v in names.items()}))
        yield server


def _asked(server) -> list[str]:
    return [urllib.parse.urlsplit(p).path.rsplit("/", 1)[-1] for p in server.requests]


def test_the_known_sources_are_official_https_files_and_only_the_csl_is_on():
    keys = [s.key for s in DEFAULT_SOURCES]
    assert keys == ["csl", "un", "ofac-sdn", "ofac-cons"]
    assert [s.key for s in DEFAULT_SOURCES if s.enabled] == ["csl"]
    for src in DEFAULT_SOURCES:
        assert src.url.startswith("https://") and src.formats and src.readable, src
        assert all(f in FORMATS for f in src.formats)
    # Named explicitly, a source is fetched switched on or not; unnamed, only the switched-on ones.
    assert [s.key for s in select_sources(DEFAULT_SOURCES, [])] == ["csl"]
    assert [s.key for s in select_sources(DEFAULT_SOURCES, ["UN Security Council Consolidated List"])] == [
        "un"
    ]


def test_switches_are_kept_in_settings_only_where_they_differ_from_the_default():
    settings = Settings()
    assert set_source_enabled(settings, "un", True).enabled
    assert set_source_enabled(settings, "csl", False).enabled is False
    assert settings.update_enabled == {"un": True, "csl": False}
    assert [s.key for s in sources_from_settings(settings)] == ["un"]
    save_settings(settings)
    assert load_settings().update_enabled == {"un": True, "csl": False}
    set_source_enabled(settings, "UN Security Council Consolidated List", False)
    set_source_enabled(settings, "CSL", True)
    assert settings.update_enabled == {}
    with pytest.raises(ValueError, match="no list source named 'nope'"):
        set_source_enabled(settings, "nope", True)
    # A damaged settings file keeps only true/false switches.
    assert Settings.from_json({"update_enabled": {"un": "yes", "ofac-sdn": True}}).update_enabled == {
        "ofac-sdn": True
    }


def test_the_default_run_fetches_only_the_csl(served, capsys):
    assert main(["lists", "update"]) == 0, capsys.readouterr().err
    assert _asked(served) == ["consolidated.csv"]
    assert [r.name for r in ListStore().records()] == ["Consolidated Screening List"]


def test_an_enabled_source_is_fetched_the_switch_persists_and_a_disabled_one_is_not(served, capsys):
    assert main(["lists", "update", "--enable-source", "un"]) == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    assert "source un (UN Security Council Consolidated List) switched on" in out
    assert "UN Security Council Consolidated List [updated]" in out
    assert sorted(_asked(served)) == ["consolidated.csv", "un.xml"]
    assert load_settings().update_enabled == {"un": True}
    record = ListStore().record("UN Security Council Consolidated List")
    assert record.format == "un-xml"
    entity = ListStore().watchlist(record).entity("UN-KPe.901")
    assert entity is not None and entity.number == "KPe.901"

    # The switch holds for the next plain run.
    served.requests.clear()
    assert main(["lists", "update"]) == 0
    capsys.readouterr()
    assert sorted(_asked(served)) == ["consolidated.csv", "un.xml"]

    assert main(["lists", "sources", "--json"]) == 0
    rows = {r["key"]: r for r in json.loads(capsys.readouterr().out)["sources"]}
    assert rows["un"]["enabled"] is True and rows["un"]["last_fetched"]
    assert rows["un"]["url"] == served.url("un.xml") and rows["un"]["kept_edition"] == "2026-02-27"
    assert rows["ofac-sdn"]["enabled"] is False and rows["ofac-sdn"]["last_fetched"] is None
    assert rows["ofac-cons"]["enabled"] is False

    served.requests.clear()
    assert main(["lists", "update", "--disable-source", "un"]) == 0
    capsys.readouterr()
    assert _asked(served) == ["consolidated.csv"]
    assert load_settings().update_enabled == {}
    assert main(["lists", "sources"]) == 0
    text = capsys.readouterr().out
    assert (
        "un: UN Security Council Consolidated List [off]" in text
        and "csl: Consolidated Screening List [on]" in text
    )
    assert "last fetched: never" in text  # the OFAC sources


def test_an_unknown_source_to_switch_is_a_clear_error_and_changes_nothing(served, capsys):
    assert main(["lists", "update", "--enable-source", "un", "--disable-source", "nope"]) == 2
    err = capsys.readouterr().err
    assert "no list source named 'nope'" in err and "Traceback" not in err
    assert load_settings().update_enabled == {} and served.requests == []


def test_source_states_say_when_a_source_was_last_fetched(served, capsys):
    assert all(not st.last_fetched for st in source_states(load_settings()))
    assert main(["lists", "update", "ofac-sdn"]) == 2  # named: fetched although off (and not served here)
    capsys.readouterr()
    assert _asked(served) == ["sdn.xml"]
    states = {st.source.key: st for st in source_states(load_settings())}
    assert not states["ofac-sdn"].last_fetched  # a failed fetch is no fetch
    assert main(["lists", "update", "un"]) == 0
    states = {st.source.key: st for st in source_states(load_settings())}
    assert states["un"].last_fetched and states["un"].kept == "2026-02-27"
